import { useCallback, useEffect, useRef, useState } from 'react'
import { StorageError, type PresignedS3Error } from '../core/errors.js'
import { readErrorKind, type ReadErrorKind } from '../core/read/read-error.js'
import type { SignedUrlStatus } from '../core/read/signed-url-cache.js'
import { useSignedUrlEntry, type UseSignedUrlOptions } from './use-signed-url.js'
import * as StorageFailure from '../core/transfer/storage-failures.js'

/**
 * A signed URL driven into a `<video>` or `<audio>`, which keeps fetching ranges of
 * the object while it plays, so (unlike a picture) it needs a live URL all along.
 * Each fresh URL from the cache is swapped in before the old one expires, and the
 * element is put back where it was: same `currentTime`, playing or paused (the
 * buffer is the browser's and starts again from there). A load error (a seek after
 * the URL expired) swaps to the fresh URL the same way; a second one in a row has the
 * endpoint check the key, as `<SignedImage>` does. The element's `src` is set here,
 * never by React, so a re-render never reloads it.
 */

export interface SignedMediaState {
  /** Attach to the `<video>` or `<audio>`. */
  ref: (element: HTMLMediaElement | null) => void
  status: SignedUrlStatus
  error: PresignedS3Error | undefined
  errorKind: ReadErrorKind | undefined
}

/** Puts `url` in place of the element's source, keeping where it was and whether it played. */
function swapSource(element: HTMLMediaElement, url: string, resumeAt: number | undefined): void {
  const time = resumeAt ?? element.currentTime
  const playing = !element.paused && !element.ended
  element.addEventListener('loadedmetadata', () => {
    if (time > 0) element.currentTime = time
    // A play() refused by the autoplay policy leaves it paused, as the user would see it.
    if (playing) element.play().catch(() => {})
  }, { once: true })
  element.src = url
  element.load()
}

export function useSignedMedia(key: string, options: UseSignedUrlOptions = {}): SignedMediaState {
  const { snapshot: signed, cache, disposition } = useSignedUrlEntry(key, options)
  const [element, setElement] = useState<HTMLMediaElement | null>(null)
  const [failure, setFailure] = useState<{ key: string; error: PresignedS3Error } | undefined>(undefined)
  // The last position the element reported: a failed element resets currentTime to 0.
  const position = useRef(0)
  const errors = useRef(0)

  useEffect(() => {
    const url = signed.url
    if (element === null || url === undefined || element.getAttribute('src') === url) return
    if (element.getAttribute('src') === null) element.src = url
    else swapSource(element, url, element.error === null ? undefined : position.current)
  }, [element, signed.url])

  useEffect(() => {
    if (element === null) return
    const onTime = () => {
      position.current = element.currentTime
      if (element.readyState >= element.HAVE_FUTURE_DATA) errors.current = 0
    }
    const onError = () => {
      errors.current += 1
      const { url, stale } = cache.getSnapshot(key, disposition)
      if (errors.current === 1 && url !== undefined && url !== element.getAttribute('src') && !stale) {
        return swapSource(element, url, position.current)
      }
      if (errors.current <= 2) {
        // The fresh URL arrives through the cache, and the effect above swaps it in.
        void (errors.current === 1 ? cache.refresh(key, disposition) : cache.check(key, disposition)).then(() => {
          const after = cache.getSnapshot(key, disposition)
          if (after.status === 'error') setFailure({ key, error: after.error ?? StorageError.imageLoad() })
          else if (after.url === element.getAttribute('src')) swapSource(element, after.url, position.current)
        })
        return
      }
      setFailure({ key, error: StorageFailure.network() })
    }
    element.addEventListener('timeupdate', onTime)
    element.addEventListener('error', onError)
    return () => {
      element.removeEventListener('timeupdate', onTime)
      element.removeEventListener('error', onError)
    }
  }, [element, cache, key, disposition])

  const ref = useCallback((next: HTMLMediaElement | null) => setElement(next), [])
  const failed = failure?.key === key ? failure : undefined
  const error = failed?.error ?? (signed.status === 'error' ? signed.error : undefined)
  return {
    ref,
    status: failed === undefined ? signed.status : 'error',
    error,
    errorKind: error === undefined ? undefined : readErrorKind(error),
  }
}
