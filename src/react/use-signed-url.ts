import { useCallback, useEffect, useSyncExternalStore } from 'react'
import type { PresignedS3Error } from '../core/errors.js'
import { readErrorKind, type ReadErrorKind } from '../core/read/read-error.js'
import { IDLE, type SignedUrlSnapshot, type SignedUrlStatus } from '../core/read/signed-url-cache.js'
import { usePresign, type EndpointProps } from './presign-context.js'

export interface UseSignedUrlOptions extends EndpointProps {
  /** Signed into the URL, e.g. `attachment; filename="report.pdf"` for a download link. */
  responseContentDisposition?: string
}

export interface UseSignedUrlResult {
  /** A GET URL for the object, the same one for its whole life; `undefined` until signed. */
  url: string | undefined
  status: SignedUrlStatus
  error: PresignedS3Error | undefined
  /** What went wrong, when `status` is `error`: `not-found`, `forbidden`, `expired` or `network`. */
  errorKind: ReadErrorKind | undefined
  /** Re-signing failed and `url` is past due; the cache keeps retrying while mounted. */
  stale: boolean
  /** Signs the key again now, e.g. after the store refused the URL. Never rejects. */
  refresh: () => Promise<void>
}

const noop = () => {}
const getIdle = (): SignedUrlSnapshot => IDLE

/** The cache entry a component watches; shared by `useSignedUrl` and `<SignedImage>`. */
export function useSignedUrlEntry(key: string | null | undefined, options: UseSignedUrlOptions) {
  const { responseContentDisposition: disposition, ...endpointProps } = options
  const { cache, endpoint, fromProvider } = usePresign(endpointProps)
  useEffect(() => {
    // Shared caches take the latest headers (a refreshed token) of whoever renders last.
    if (!fromProvider) cache.setEndpoint(endpoint)
  })
  const subscribe = useCallback(
    (listener: () => void) => (key ? cache.subscribe(key, disposition, listener) : noop),
    [cache, key, disposition],
  )
  const getSnapshot = useCallback(() => (key ? cache.getSnapshot(key, disposition) : IDLE), [cache, key, disposition])
  // The server renders (and hydration starts from) the idle state: no URL is signed on the server.
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getIdle)
  return { snapshot, cache, disposition }
}

/**
 * A signed URL for an object, for links, `<video>`, downloads: shared with every
 * other user of the same key on the page and refreshed before it expires while
 * this component is mounted. `key` null or undefined signs nothing.
 */
export function useSignedUrl(key: string | null | undefined, options: UseSignedUrlOptions = {}): UseSignedUrlResult {
  const { snapshot, cache, disposition } = useSignedUrlEntry(key, options)
  const refresh = useCallback(() => (key ? cache.refresh(key, disposition) : Promise.resolve()), [cache, key, disposition])
  const { url, status, error, stale } = snapshot
  const errorKind = status === 'error' && error !== undefined ? readErrorKind(error) : undefined
  return { url, status, error, errorKind, stale, refresh }
}
