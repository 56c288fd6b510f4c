import type { SignedObjectUrl } from '../../protocol/messages.js'
import { expiresAt, presignRequest, type SigningContext } from '../signer.js'
import { signingContext, type Call } from './operation.js'

/**
 * How one `getObjects` request signs its GETs. With `getObjectSigningWindow` the
 * signing time is rounded down to the window, so one key gives byte-identical URLs
 * (and the browser's cache hits) for the whole window; the life is extended by the
 * window, so a URL never has less than `getObjectExpiresIn` left when handed out.
 */

export interface ReadSigning {
  sign(key: string, responseContentDisposition: string | undefined): Promise<SignedObjectUrl>
}

export function readSigning(call: Call, now = Date.now()): ReadSigning {
  const { getObjectExpiresIn, getObjectSigningWindow: window, getObjectCacheControl, getObjectSigner } = call.options
  const windowMs = window * 1000
  const base = signingContext(call, getObjectExpiresIn + window)
  const context: SigningContext = window === 0
    ? { ...base, expiresIn: getObjectExpiresIn, signingDate: new Date(now) }
    : { ...base, signingDate: new Date(Math.floor(now / windowMs) * windowMs) }
  const expires = expiresAt(context)
  // The URL alone overstates its life once X-Amz-Date is in the past (or says nothing, for a CDN).
  const expiresIn = window === 0 && getObjectSigner === undefined
    ? undefined
    : Math.max(0, Math.floor((Date.parse(expires) - now) / 1000))
  return {
    async sign(key, responseContentDisposition) {
      const params = { key, responseContentDisposition, responseCacheControl: getObjectCacheControl }
      const url = getObjectSigner === undefined
        ? (await presignRequest(context, 'GetObject', params)).url
        : await getObjectSigner({ ...params, signedAt: context.signingDate, expiresAt: new Date(expires) })
      return expiresIn === undefined ? { key, url, expiresAt: expires } : { key, url, expiresAt: expires, expiresIn }
    },
  }
}
