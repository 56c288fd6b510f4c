import { forwardRef, useCallback, type ComponentPropsWithoutRef, type ForwardedRef } from 'react'
import type { EndpointProps } from './presign-context.js'
import { useSignedMedia } from './use-signed-media.js'

/**
 * `<video>` and `<audio>` for private objects that play past their URL's life:
 * see use-signed-media.ts. The state is on `data-state`, what went wrong on `data-error`.
 */

interface SignedMediaProps extends EndpointProps {
  /** Key of the object in the bucket. */
  objectKey: string
}

export interface SignedVideoProps extends Omit<ComponentPropsWithoutRef<'video'>, 'src'>, SignedMediaProps {}
export interface SignedAudioProps extends Omit<ComponentPropsWithoutRef<'audio'>, 'src'>, SignedMediaProps {}

function useMergedRef<T>(own: (element: T | null) => void, forwarded: ForwardedRef<T>) {
  return useCallback((element: T | null) => {
    own(element)
    if (typeof forwarded === 'function') forwarded(element)
    else if (forwarded !== null) forwarded.current = element
  }, [own, forwarded])
}

export const SignedVideo = /* @__PURE__ */ forwardRef<HTMLVideoElement, SignedVideoProps>(function SignedVideo(props, forwarded) {
  const { objectKey, endpoint, headers, credentials, fetch, ...videoProps } = props
  const media = useSignedMedia(objectKey, { endpoint, headers, credentials, fetch })
  const ref = useMergedRef<HTMLVideoElement>(media.ref, forwarded)
  return <video ref={ref} {...videoProps} data-state={media.status} data-error={media.errorKind} />
})

export const SignedAudio = /* @__PURE__ */ forwardRef<HTMLAudioElement, SignedAudioProps>(function SignedAudio(props, forwarded) {
  const { objectKey, endpoint, headers, credentials, fetch, ...audioProps } = props
  const media = useSignedMedia(objectKey, { endpoint, headers, credentials, fetch })
  const ref = useMergedRef<HTMLAudioElement>(media.ref, forwarded)
  return <audio ref={ref} {...audioProps} data-state={media.status} data-error={media.errorKind} />
})
