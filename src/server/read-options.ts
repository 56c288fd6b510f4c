/**
 * The options of `getObjects` beyond its lifetime: a signing time rounded to a window
 * (so the browser can cache a picture across page loads), the `Cache-Control` the store
 * sends with it, and another signer for reads (a CDN's signed URLs).
 */

export interface ReadSignInput {
  key: string
  /** The signing time, rounded down to `getObjectSigningWindow` when it is set. */
  signedAt: Date
  /** When the URL must stop working. */
  expiresAt: Date
  responseContentDisposition?: string | undefined
  /** `getObjectCacheControl`, for signers that can have the store send it. */
  responseCacheControl?: string | undefined
}

/** Signs one GET for a key `authorize` allowed; see `cloudFrontReadSigner` in cloudfront-signer.ts. */
export type ReadSigner = (input: ReadSignInput) => string | Promise<string>

export interface ReadOptions {
  /**
   * Round the signing time of GET URLs down to a multiple of this many seconds, so one key
   * gives the same URL for that long and a reload or another page showing the picture hits
   * the browser's cache. The URL lives `getObjectExpiresIn` plus the window, so it always has
   * at least `getObjectExpiresIn` left when it is handed out. At most half `getObjectExpiresIn`.
   * Default 0 (off). Temporary credentials (STS) put their session token in the URL: a new
   * token gives new URLs, whatever the window.
   */
  getObjectSigningWindow?: number
  /**
   * Signed into every GET URL as `response-cache-control`, so the store answers with this
   * `Cache-Control`, e.g. `private, max-age=300`. Must be `private` and a `max-age` no longer
   * than `getObjectExpiresIn`: a cached copy must not outlive the URL that fetched it.
   */
  getObjectCacheControl?: string
  /** Signs GET URLs instead of S3 presigning, e.g. `cloudFrontReadSigner(...)`. */
  getObjectSigner?: ReadSigner
}

export interface ResolvedReadOptions {
  getObjectSigningWindow: number
  getObjectCacheControl: string | undefined
  getObjectSigner: ReadSigner | undefined
}

/** SigV4's longest `X-Amz-Expires` (7 days), which the window's extension must stay under too. */
const SIGV4_MAX_EXPIRES = 604_800

function windowOption(value: unknown, expiresIn: number): number {
  if (value === undefined) return 0
  const max = Math.min(Math.floor(expiresIn / 2), SIGV4_MAX_EXPIRES - expiresIn)
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new TypeError(`getObjectSigningWindow must be an integer from 0 to ${max} (half getObjectExpiresIn, and the two under 7 days), got ${String(value)}`)
  }
  return value
}

function cacheControlOption(value: unknown, expiresIn: number): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[\x20-\x7e]+$/.test(value)) {
    throw new TypeError('getObjectCacheControl must be a printable ASCII string such as "private, max-age=300"')
  }
  const maxAge = /(?:^|[,\s])max-age=(\d+)/i.exec(value)?.[1]
  if (!/(?:^|[,\s])private(?:$|[,\s])/i.test(value) || maxAge === undefined || Number(maxAge) > expiresIn) {
    throw new TypeError(
      `getObjectCacheControl must say "private" and a max-age of at most getObjectExpiresIn (${expiresIn} s), got ${JSON.stringify(value)}`,
    )
  }
  return value
}

/** `expiresIn` is the already checked `getObjectExpiresIn`. */
export function resolveReadOptions(options: ReadOptions, expiresIn: number): ResolvedReadOptions {
  const { getObjectSigner } = options
  if (getObjectSigner !== undefined && typeof getObjectSigner !== 'function') {
    throw new TypeError('getObjectSigner must be a function')
  }
  return {
    getObjectSigningWindow: windowOption(options.getObjectSigningWindow, expiresIn),
    getObjectCacheControl: cacheControlOption(options.getObjectCacheControl, expiresIn),
    getObjectSigner,
  }
}
