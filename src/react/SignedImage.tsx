import { forwardRef, useEffect, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react'
import type { EndpointProps } from './presign-context.js'
import { useSignedImage, type SignedImageStatus } from './use-signed-image.js'

export interface SignedImageProps extends Omit<ComponentPropsWithoutRef<'img'>, 'src' | 'alt'>, EndpointProps {
  /** Key of the object in the bucket, e.g. the `key` from `onUploadComplete`. */
  objectKey: string
  /** Required: describe the picture, or `""` if it is decorative. */
  alt: string
  /** Shown instead of the image on error, and while loading once `fallbackDelayMs` has passed. */
  fallback?: ReactNode
  /** Show `fallback` while loading after this many ms (0: at once). Default: only on error. */
  fallbackDelayMs?: number
  /** Called with `loading`, `loaded`, `refreshing`, `error` as they happen. */
  onStatusChange?: (status: SignedImageStatus) => void
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

function useStatusCallback(status: SignedImageStatus, onStatusChange: ((status: SignedImageStatus) => void) | undefined) {
  const callback = useRef(onStatusChange)
  callback.current = onStatusChange
  const reported = useRef<SignedImageStatus | undefined>(undefined)
  useEffect(() => {
    if (reported.current === status) return
    reported.current = status
    callback.current?.(status)
  }, [status])
}

/**
 * An `<img>` for a private object, through a presigned URL that is renewed before
 * it expires, with no flicker and no broken image. The state is on `data-state`
 * (`idle` on the server, then `loading`, `loaded`, `refreshing` or `error`).
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
  useStatusCallback(image.status, onStatusChange)
  const showFallback = fallback !== undefined && (image.status === 'error' || (waiting && delayPassed))
  return (
    <>
      <img
        ref={ref}
        {...imgProps}
        alt={alt}
        src={image.src}
        data-state={image.status}
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
