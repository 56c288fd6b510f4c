import { useCallback, useEffect, useRef, useState } from 'react'
import { StorageError, type PresignedS3Error } from '../core/errors.js'
import type { SignedUrlStatus } from '../core/read/signed-url-cache.js'
import { preloadImage, type PreloadOptions } from '../core/read/preload-image.js'
import type { SignedUrlSnapshot } from '../core/read/signed-url-cache.js'
import { useSignedUrlEntry, type UseSignedUrlOptions } from './use-signed-url.js'

export type SignedImageStatus = SignedUrlStatus

export interface SignedImageState {
  /** What the visible `<img>` shows: only ever a URL that has finished loading. */
  src: string | undefined
  status: SignedImageStatus
  error: PresignedS3Error | undefined
  /** For the visible `<img>`'s `onError`: the store refused a URL it had served before. */
  onImageError: (failedUrl: string | undefined) => void
}

/** The URL on screen, and which load attempt put it there. */
interface Shown {
  key: string
  url: string
  attempt: number
}


function deriveStatus(signed: SignedUrlSnapshot, src: string | undefined, failed: boolean): SignedImageStatus {
  if (failed || signed.status === 'error') return 'error'
  if (src === undefined) return signed.status === 'idle' ? 'idle' : 'loading'
  return signed.url === src && signed.status === 'loaded' ? 'loaded' : 'refreshing'
}

/**
 * `<SignedImage>`'s logic: every new URL from the cache is loaded off-screen first
 * and only then shown, and a URL that fails to load is re-signed once before the
 * image counts as broken.
 */
export function useSignedImage(key: string, options: UseSignedUrlOptions & PreloadOptions): SignedImageState {
  const { crossOrigin, referrerPolicy, ...urlOptions } = options
  const { snapshot: signed, cache, disposition } = useSignedUrlEntry(key, urlOptions)
  const [shown, setShown] = useState<Shown | undefined>(undefined)
  const [failedKey, setFailedKey] = useState<string | undefined>(undefined)
  // Bumped when a retry's re-sign gives back the URL that failed (signed within the same
  // second, it can be identical): it must be tried again, and then fail, instead of hanging.
  const [attempt, setAttempt] = useState(0)
  const retried = useRef<string | undefined>(undefined)
  const src = shown?.key === key ? shown.url : undefined
  const onImageError = useCallback((failedUrl: string | undefined) => {
    if (retried.current === key) {
      setFailedKey(key)
      return
    }
    retried.current = key
    void cache.refresh(key, disposition).then(() => {
      if (cache.getSnapshot(key, disposition).url === failedUrl) setAttempt((count) => count + 1)
    })
  }, [cache, key, disposition])

  useEffect(() => {
    const url = signed.url
    if (url === undefined || (shown?.key === key && shown.url === url && shown.attempt === attempt)) return
    let active = true
    const preload = preloadImage(url, { crossOrigin, referrerPolicy })
    preload.promise.then(
      () => {
        if (!active) return
        retried.current = undefined
        setFailedKey(undefined)
        setShown({ key, url, attempt })
      },
      () => {
        if (active) onImageError(url)
      },
    )
    return () => {
      active = false
      preload.cancel()
    }
  }, [key, signed.url, shown, attempt, crossOrigin, referrerPolicy, onImageError])

  const failed = failedKey === key
  return {
    src,
    status: deriveStatus(signed, src, failed),
    error: failed ? StorageError.imageLoad() : signed.error,
    onImageError,
  }
}
