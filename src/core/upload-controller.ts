import Uppy, { type Body, type Meta } from '@uppy/core'
import { companionPluginOptions, requireEndpoint } from './transfer/companion-mode.js'
import { systemClock, type Clock, type TimerHandle } from './clock.js'
import { warnInDevelopment } from './dev-warning.js'
import type { EndpointOptions } from './endpoint/endpoint-client.js'
import type { PresignedS3Error } from './errors.js'
import { toPresignedS3Error } from './transfer/uppy-error-mapping.js'
import { PublishScheduler } from './publish-scheduler.js'
import { Rejections } from './rejections.js'
import {
  toUppyRestrictions,
  UPPY_RESTRICTION_LOCALE,
  type RestrictionError,
  type Restrictions,
} from './restrictions.js'
import { Store, type ReadableStore } from './store.js'
import {
  deriveSnapshot,
  EMPTY_SNAPSHOT,
  type UploadedFile,
  type UploadFile,
  type UploadSnapshot,
} from './upload-state.js'
import { createTransferPlugin, type TransferOptions } from './transfer/create-transfer-plugin.js'

export interface UploadCallbacks {
  /** Called when a batch ends, with the files of it that landed in the store. */
  onUploadComplete?: (files: UploadedFile[]) => void
  /** Called once per failed file, with a typed error. */
  onError?: (error: PresignedS3Error, file: UploadFile | undefined) => void
  /** Called once per file that a restriction kept out, before any request. */
  onRestrictionFailed?: (error: RestrictionError) => void
}

export interface UploadControllerOptions
  extends Omit<EndpointOptions, 'endpoint'>,
    UploadCallbacks,
    TransferOptions {
  /** URL of the host app's signing endpoint, e.g. `/api/s3`. Required unless `companionEndpoint` is given. */
  endpoint?: string
  /** Start uploading as soon as files are added. Default `true`. */
  autoUpload?: boolean
  /** Limits checked before any request (size, count, total, types). The server keeps its own. */
  restrictions?: Restrictions
  /**
   * URL of an Uppy Companion server: sign through its `/s3/*` routes with `@uppy/aws-s3`
   * instead of `endpoint` (`headers` and `credentials` do not apply; Companion decides keys
   * and limits; our transport features such as parallel parts and Content-MD5 do not apply).
   */
  companionEndpoint?: string
}

type AnyUppy = Uppy<Meta, Body>

/**
 * Framework-free owner of one Uppy instance: adds files, drives the upload
 * through the signing endpoint, and publishes an immutable snapshot.
 * Uppy is created lazily (never on the server) and exactly once per controller.
 */
export class UploadController implements ReadableStore<UploadSnapshot> {
  #options: UploadControllerOptions
  #uppy: AnyUppy | undefined
  readonly #store = new Store<UploadSnapshot>(EMPTY_SNAPSHOT)
  readonly #errors = new Map<string, PresignedS3Error>()
  #retainCount = 0
  #pendingDestroy: TimerHandle | undefined
  #destroyed = false
  /** Settles once the uploader plugin is installed (at once, except for the lazily loaded Companion one). */
  #pluginReady: Promise<void> = Promise.resolve()
  readonly #rejections = new Rejections()
  /** From the first options: timers already armed must be cleared on the clock that armed them. */
  readonly #clock: Clock
  readonly #scheduler: PublishScheduler

  constructor(options: UploadControllerOptions) {
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#scheduler = new PublishScheduler(() => this.#flushSnapshot(), 100, this.#clock)
  }

  /**
   * Replaces the options read per call (callbacks, endpoint, headers, credentials, fetch);
   * transport options and `companionEndpoint` apply from the next controller.
   */
  setOptions(options: UploadControllerOptions): void {
    const restrictionsChanged = !sameRestrictions(this.#options.restrictions, options.restrictions)
    if (this.#uppy !== undefined && options.companionEndpoint !== this.#options.companionEndpoint) {
      warnInDevelopment('`companionEndpoint` changed after the first upload; it applies from the next uploader (give it a `key`).')
    }
    this.#options = options
    if (restrictionsChanged) this.#uppy?.setOptions({ restrictions: toUppyRestrictions(options.restrictions) })
  }

  getSnapshot = (): UploadSnapshot => this.#store.getSnapshot()
  subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener)

  /** The underlying Uppy, for interop with `@uppy/react` and Uppy plugins. */
  get uppy(): AnyUppy {
    if (this.#destroyed) throw new Error('This upload controller was destroyed.')
    this.#uppy ??= this.#createUppy()
    return this.#uppy
  }

  addFiles(files: Iterable<File | Blob>): void {
    const uppy = this.uppy
    let added = 0
    // One publish for the whole batch: adding 1000 files must not derive 1000 snapshots.
    this.#scheduler.batch(() => {
      for (const data of files) {
        const name = 'name' in data && typeof data.name === 'string' ? data.name : 'blob'
        try {
          const descriptor = { name, size: data.size, type: data.type }
          this.#rejections.whileAdding(descriptor, () =>
            uppy.addFile({ name, type: data.type, data, source: 'react-presigned-s3' }),
          )
          added += 1
        } catch {
          // Uppy already reported it through 'restriction-failed'; one bad file must not stop the others.
        }
      }
    })
    if (added > 0 && this.#options.autoUpload !== false) void this.upload()
  }

  /** Uploads every waiting file. Never rejects: failures arrive through `onError` and the snapshot. */
  async upload(): Promise<void> {
    try {
      const uppy = this.uppy
      await this.#pluginReady
      await uppy.upload()
    } catch (error) {
      this.#options.onError?.(toPresignedS3Error(error), undefined)
    }
  }

  retry(fileId: string): void {
    this.#errors.delete(fileId)
    // Uppy emits no 'complete' for a single-file retry, so report its result here. `retryUpload`
    // runs the upload without it, as restore did (transloadit/uppy#5929);
    // not reported upstream for retryUpload as of 2026-12.
    this.uppy.retryUpload(fileId).then(
      (result) => this.#reportLanded(result?.successful ?? []),
      (error: unknown) => this.#options.onError?.(toPresignedS3Error(error), this.#fileView(fileId)),
    )
  }

  /** Stops the file's upload (aborting a multipart upload in the store) and removes it from the list. */
  remove(fileId: string): void {
    this.uppy.removeFile(fileId)
  }

  cancelAll(): void {
    this.uppy.cancelAll()
  }

  /** Forgets a refused file shown in `snapshot.rejected`. */
  dismissRejected(id: string): void {
    this.#rejections.dismiss(id)
    this.#scheduler.urgent()
  }

  /** Forgets every refused file. */
  clearRejected(): void {
    this.#rejections.clear()
    this.#scheduler.urgent()
  }

  /** Pauses a file: its requests stop; parts already in the store stay there. */
  pause(fileId: string): void {
    const file = this.uppy.getFile(fileId)
    if (file && !file.isPaused && !file.progress.uploadComplete) this.uppy.pauseResume(fileId)
  }

  /** Resumes a paused file where it stopped. */
  resume(fileId: string): void {
    if (this.uppy.getFile(fileId)?.isPaused) this.uppy.pauseResume(fileId)
  }

  pauseAll(): void {
    this.uppy.pauseAll()
  }

  resumeAll(): void {
    this.uppy.resumeAll()
  }

  /**
   * Keeps the controller alive while at least one holder has it. Releasing
   * destroys it on the next task, so React StrictMode's unmount-then-remount
   * keeps the same Uppy instead of building a second one.
   */
  retain(): () => void {
    if (this.#pendingDestroy !== undefined) this.#clock.clearTimeout(this.#pendingDestroy)
    this.#pendingDestroy = undefined
    this.#retainCount += 1
    let released = false
    return () => {
      if (released) return
      released = true
      this.#retainCount -= 1
      if (this.#retainCount === 0) this.#pendingDestroy = this.#clock.setTimeout(() => this.destroy(), 0)
    }
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.#scheduler.cancel()
    this.#uppy?.destroy()
    this.#uppy = undefined
  }

  #createUppy(): AnyUppy {
    const options = this.#options
    const uppy = new Uppy<Meta, Body>({
      autoProceed: false,
      allowMultipleUploadBatches: true,
      restrictions: toUppyRestrictions(options.restrictions),
      locale: UPPY_RESTRICTION_LOCALE,
    })
    this.#listen(uppy)
    if (options.companionEndpoint !== undefined) {
      // Loaded on demand, so apps that sign with their own endpoint never ship @uppy/aws-s3.
      const companionOptions = companionPluginOptions(options.companionEndpoint, options)
      this.#pluginReady = import('@uppy/aws-s3').then(({ default: AwsS3 }) => {
        if (!this.#destroyed) uppy.use(AwsS3, companionOptions)
      })
      return uppy
    }
    requireEndpoint(options.endpoint)
    // Descriptors, not a spread: a spread would read the getters once, here.
    const live = Object.defineProperties({ ...options, clock: this.#clock }, Object.getOwnPropertyDescriptors(this.#liveEndpoint()))
    const [plugin, pluginOptions] = createTransferPlugin(live as typeof options & EndpointOptions)
    uppy.use(plugin, pluginOptions)
    return uppy
  }

  /**
   * The endpoint options, read from the latest `setOptions` at each request: the transport is
   * built once with Uppy, and a host that changes `endpoint` (a tenant switch) or `credentials`
   * must not keep signing with the first ones.
   */
  #liveEndpoint(): EndpointOptions {
    const current = () => this.#options
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

  #listen(uppy: AnyUppy): void {
    // Progress ticks are throttled; changes people must see at once publish now.
    uppy.store.subscribe(() => this.#scheduler.progress())
    for (const event of ['file-added', 'file-removed', 'upload', 'upload-start', 'complete', 'cancel-all'] as const) {
      uppy.on(event, () => this.#scheduler.urgent())
    }
    uppy.on('restriction-failed', (file, error) => {
      const mapped = this.#rejections.record(file, error, this.#options.restrictions)
      this.#scheduler.urgent()
      if (mapped) this.#options.onRestrictionFailed?.(mapped)
    })
    uppy.on('upload-error', (file, error) => {
      if (!file) return
      const mapped = toPresignedS3Error(error)
      this.#errors.set(file.id, mapped)
      this.#publish()
      this.#options.onError?.(mapped, this.#fileView(file.id))
    })
    uppy.on('upload-success', (file) => {
      if (file) this.#errors.delete(file.id)
    })
    uppy.on('file-removed', (file) => {
      this.#errors.delete(file.id)
    })
    uppy.on('complete', (result) => this.#reportLanded(result.successful ?? []))
  }

  #reportLanded(successful: ReadonlyArray<{ id: string }>): void {
    // One snapshot for the whole batch: a lookup per file would derive 1000 snapshots for 1000 files.
    this.#publish()
    const byId = new Map(this.#store.getSnapshot().files.map((file) => [file.id, file]))
    const landed = successful.map((file) => byId.get(file.id))
    const files = landed.filter((file): file is UploadFile & { key: string } => !!file?.key)
    if (files.length > 0) this.#options.onUploadComplete?.(files.map(toUploadedFile))
  }

  #publish(): void {
    this.#scheduler.now()
  }

  #flushSnapshot(): void {
    if (!this.#uppy) return
    const snapshot = deriveSnapshot(this.#uppy.getState(), this.#errors, this.#store.getSnapshot(), this.#rejections.list)
    this.#store.set(snapshot)
  }

  #fileView(fileId: string): UploadFile | undefined {
    this.#publish()
    return this.#store.getSnapshot().files.find((file) => file.id === fileId)
  }
}

function toUploadedFile({ id, name, size, type, key, serverData }: UploadFile & { key: string }): UploadedFile {
  return serverData === undefined ? { id, name, size, type, key } : { id, name, size, type, key, serverData }
}

function sameRestrictions(a: Restrictions | undefined, b: Restrictions | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})
}

async function resolveHeaders(source: EndpointOptions['headers']): Promise<HeadersInit> {
  return (typeof source === 'function' ? await source() : source) ?? {}
}
