import type { Body, Meta, Uppy } from '@uppy/core'
import type { Clock } from './clock.js'
import type { EndpointOptions } from './endpoint/endpoint-client.js'
import { companionPluginOptions, requireEndpoint } from './transfer/companion-mode.js'
import type { UploadControllerOptions } from './upload-controller-options.js'
import { UPLOAD_CHUNKS } from './upload-chunks.js'

/**
 * Installs the uploader plugin on a new Uppy, loaded on demand: `@uppy/aws-s3` only for
 * Companion mode, and our transport (signing, multipart, retry, hashing) with the first
 * upload, not with the page, so a widget that is only rendered ships none of it
 * (bench/bundle-size.mjs). Settles once the plugin is in place.
 */
export function installUploader(
  uppy: Uppy<Meta, Body>,
  options: UploadControllerOptions,
  current: () => UploadControllerOptions,
  clock: Clock,
  destroyed: () => boolean,
): Promise<void> {
  if (options.companionEndpoint !== undefined) {
    const companionOptions = companionPluginOptions(options.companionEndpoint, options)
    return UPLOAD_CHUNKS.companion().then(({ default: AwsS3 }) => {
      if (!destroyed()) uppy.use(AwsS3, companionOptions)
    })
  }
  requireEndpoint(options.endpoint)
  // Descriptors, not a spread: a spread would read the getters once, here.
  const live = Object.defineProperties({ ...options, clock }, Object.getOwnPropertyDescriptors(liveEndpoint(current)))
  return UPLOAD_CHUNKS.transfer().then(({ createTransferPlugin }) => {
    if (destroyed()) return
    const [plugin, pluginOptions] = createTransferPlugin(live as UploadControllerOptions & EndpointOptions)
    uppy.use(plugin, pluginOptions)
  })
}

/**
 * The endpoint options, read from the latest `setOptions` at each request: the transport is
 * built once with Uppy, and a host that changes `endpoint` (a tenant switch) or `credentials`
 * must not keep signing with the first ones.
 */
function liveEndpoint(current: () => UploadControllerOptions): EndpointOptions {
  return {
    get endpoint() {
      return requireEndpoint(current().endpoint)
    },
    get credentials() {
      return current().credentials
    },
    get route() {
      return current().route
    },
    fetch: (input, init) => (current().fetch ?? globalThis.fetch)(input, init),
    headers: () => resolveHeaders(current().headers),
  }
}

async function resolveHeaders(source: EndpointOptions['headers']): Promise<HeadersInit> {
  return (typeof source === 'function' ? await source() : source) ?? {}
}
