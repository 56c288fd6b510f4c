import { forwardRef, useEffect, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react'
import type { PresignedS3Error } from '../core/errors.js'
import type { ReadErrorKind } from '../core/read/read-error.js'
import type { EndpointProps } from './presign-context.js'
import { useSignedImage, type SignedImageStatus } from './use-signed-image.js'

/** The second argument of `onStatusChange` when the status is `error`. */
export interface SignedImageErrorDetail {
  kind: ReadErrorKind
  error: PresignedS3Error
}

/**
 * `srcSet` is left out: each candidate width is an object of its own with its own
 * signature, and a srcset re-signed every round would make the browser fetch the
 * picture again each time (README, "Responsive images").
 */
export interface SignedImageProps extends Omit<ComponentPropsWithoutRef<'img'>, 'src' | 'alt' | 'srcSet'>, EndpointProps {
  /** Key of the object in the bucket, e.g. the `key` from `onUploadComplete`. */
  objectKey: string
  /** Required: describe the picture, or `""` if it is decorative. */
  alt: string
  /** Shown instead of the image on error, and while loading once `fallbackDelayMs` has passed. */
  fallback?: ReactNode
  /** Show `fallback` while loading after this many ms (0: at once). Default: only on error. */
  fallbackDelayMs?: number
  /** Called with `loading`, `loaded`, `refreshing`, `error` as they happen; `error` comes with what went wrong. */
  onStatusChange?: (status: SignedImageStatus, detail?: SignedImageErrorDetail) => void
}

/** Runs `fallbackDelayMs` after waiting starts; never true on the server or in the first render. */
function useDelayPassed(waiting: boolean, delayMs: number | undefined): boolean {
  const [passed, setPassed] = useState(false)
  useEffect(() => {
    if (!waiting || delayMs === undefined) return
    const timer = setTimeout(() => setPassed(true), delayMs)
    return () => {
      clearTimeout(timer)
      setPassed(false)
    }
  }, [waiting, delayMs])
  return passed
}

function useStatusCallback(
  status: SignedImageStatus,
  detail: SignedImageErrorDetail | undefined,
  onStatusChange: SignedImageProps['onStatusChange'],
) {
  const callback = useRef(onStatusChange)
  callback.current = onStatusChange
  const reported = useRef<string | undefined>(undefined)
  const kind = detail?.kind
  useEffect(() => {
    const now = `${status} ${kind ?? ''}`
    if (reported.current === now) return
    reported.current = now
    if (detail === undefined) callback.current?.(status)
    else callback.current?.(status, detail)
    // `detail` is a new object every render; its kind is what makes a new report.
  }, [status, kind])
}

/**
 * An `<img>` for a private object, through a presigned URL that is renewed before
 * it expires, with no flicker, no broken image and no download of a picture
 * already on screen. The state is on `data-state` (`idle` on the server, then
 * `loading`, `loaded`, `refreshing` or `error`), what went wrong on `data-error`
 * (`not-found`, `forbidden`, `expired`, `network`), and `data-stale` marks a
 * picture shown while its URL could not be renewed (the endpoint is down; retrying).
 */
export const SignedImage = /* @__PURE__ */ forwardRef<HTMLImageElement, SignedImageProps>(function SignedImage(props, ref) {
  const {
    objectKey, alt, fallback, fallbackDelayMs, onStatusChange, onError,
    endpoint, headers, credentials, fetch, hidden, ...imgProps
  } = props
  const image = useSignedImage(objectKey, {
    endpoint, headers, credentials, fetch,
    crossOrigin: imgProps.crossOrigin, referrerPolicy: imgProps.referrerPolicy,
  })
  const waiting = image.status === 'idle' || image.status === 'loading'
  const delayPassed = useDelayPassed(waiting, fallbackDelayMs)
  const detail = image.errorKind !== undefined && image.error !== undefined
    ? { kind: image.errorKind, error: image.error }
    : undefined
  useStatusCallback(image.status, detail, onStatusChange)
  const showFallback = fallback !== undefined && (image.status === 'error' || (waiting && delayPassed))
  return (
    <>
      <img
        ref={ref}
        {...imgProps}
        alt={alt}
        src={image.src}
        data-state={image.status}
        data-error={image.errorKind}
        data-stale={image.stale ? '' : undefined}
        // Kept in the DOM under the fallback, so refs and data-state stay put.
        hidden={showFallback || hidden}
        onError={(event) => {
          onError?.(event)
          image.onImageError(image.src)
        }}
      />
      {showFallback ? fallback : null}
    </>
  )
})
