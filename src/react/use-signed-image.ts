import { useCallback, useEffect, useRef, useState } from 'react'
import { StorageError, type PresignedS3Error } from '../core/errors.js'
import { preloadImage, type PreloadOptions } from '../core/read/preload-image.js'
import { readErrorKind, type ReadErrorKind } from '../core/read/read-error.js'
import type { SignedUrlStatus } from '../core/read/signed-url-cache.js'
import { useSignedUrlEntry, type UseSignedUrlOptions } from './use-signed-url.js'

export type SignedImageStatus = SignedUrlStatus

export interface SignedImageState {
  /** What the visible `<img>` shows: only ever a URL that has finished loading. */
  src: string | undefined
  status: SignedImageStatus
  error: PresignedS3Error | undefined
  /** What went wrong, when `status` is `error`. */
  errorKind: ReadErrorKind | undefined
  /** The picture is on screen, but the cache could not get a fresh URL for it yet (retrying). */
  stale: boolean
  /** For the visible `<img>`'s `onError`: the browser could not (re)load `failedUrl`. */
  onImageError: (failedUrl: string | undefined) => void
}

/** The URL on screen, and which load request put it there. */
interface Shown {
  key: string
  url: string
  request: number
}

/** A key that could not be shown: tried again only with a URL other than `url`. */
interface Failure {
  key: string
  url: string | undefined
  error: PresignedS3Error
}

/**
 * `<SignedImage>`'s logic. A URL is loaded off-screen first and only then shown;
 * once shown, the `<img>` keeps it, although the cache keeps re-signing: the
 * browser has the picture decoded, and a new URL would download it again on every
 * round. The fresh URL goes on screen only when the `<img>` fires `error` (the
 * browser dropped the picture and its URL has expired) or the key changes.
 * A URL that fails is retried once with a fresh one (re-signed if the cache has
 * none newer); a second failure asks the endpoint to check the key, so the error
 * says not found, forbidden, expired or network.
 */
export function useSignedImage(key: string, options: UseSignedUrlOptions & PreloadOptions): SignedImageState {
  const { crossOrigin, referrerPolicy, ...urlOptions } = options
  const { snapshot: signed, cache, disposition } = useSignedUrlEntry(key, urlOptions)
  const [shown, setShown] = useState<Shown | undefined>(undefined)
  const [failure, setFailure] = useState<Failure | undefined>(undefined)
  // Bumped to put the cache's current URL on screen (it may equal the one that failed).
  const [request, setRequest] = useState(0)
  // Load failures of this key in a row: the first is retried, the second checked.
  const tries = useRef({ key, count: 0 })
  if (tries.current.key !== key) tries.current = { key, count: 0 }
  // A re-sign or check is on its way: the URL it brings is tried once it is there, not before.
  const busy = useRef(false)
  const failed = failure?.key === key ? failure : undefined
  const failedRef = useRef(failed)
  failedRef.current = failed
  const showing = shown?.key === key ? shown : undefined

  const onImageError = useCallback((failedUrl: string | undefined) => {
    const current = failedRef.current
    // Already in error: wait for a URL other than this one (the next refresh round).
    if (current !== undefined) return setFailure({ ...current, url: failedUrl })
    if (busy.current) return
    tries.current.count += 1
    const retry = () => {
      busy.current = false
      setRequest((count) => count + 1)
    }
    if (tries.current.count === 1) {
      const { url, stale } = cache.getSnapshot(key, disposition)
      // A displayed picture whose old URL expired: the fresh one is ready, no signing needed.
      if (url !== undefined && url !== failedUrl && !stale) return retry()
      busy.current = true
      void cache.refresh(key, disposition).then(retry)
      return
    }
    busy.current = true
    void cache.check(key, disposition).then(() => {
      const after = cache.getSnapshot(key, disposition)
      busy.current = false
      tries.current.count = 0
      // The store served the URL to the endpoint, but not to this browser.
      const error = after.status === 'error' && after.error !== undefined ? after.error : StorageError.imageLoad()
      setFailure({ key, url: after.status === 'error' ? undefined : after.url, error })
    })
  }, [cache, key, disposition])

  useEffect(() => {
    const url = signed.url
    if (url === undefined || busy.current) return
    if (failed !== undefined ? failed.url === url : showing?.request === request) return
    let active = true
    const preload = preloadImage(url, { crossOrigin, referrerPolicy })
    preload.promise.then(
      () => {
        if (!active) return
        tries.current.count = 0
        setFailure(undefined)
        setShown({ key, url, request })
      },
      () => {
        if (active) onImageError(url)
      },
    )
    return () => {
      active = false
      preload.cancel()
    }
  }, [key, signed.url, failed, showing, request, crossOrigin, referrerPolicy, onImageError])

  const src = showing?.url
  const status: SignedImageStatus = failed !== undefined
    ? 'error'
    : src !== undefined
      ? (showing?.request === request ? 'loaded' : 'refreshing')
      : signed.status === 'error' ? 'error' : signed.status === 'idle' ? 'idle' : 'loading'
  const error = status !== 'error' ? undefined : failed?.error ?? signed.error
  return {
    src,
    status,
    error,
    errorKind: error === undefined ? undefined : readErrorKind(error),
    stale: src !== undefined && signed.stale,
    onImageError,
  }
}
