// The page the SignedImage e2e tests drive: one <SignedImage> per key in the query
// string, as the user named in it, or one <SignedAudio> for `media`. What the page
// saw is recorded on window.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { PresignProvider, SignedAudio, SignedImage, type SignedImageStatus } from 'react-presigned-s3'

interface ImageRecord {
  /** Every src each image took, in order. */
  srcs: Record<string, string[]>
  statuses: Record<string, SignedImageStatus[]>
  /** `error` events fired by any <img> on the page. */
  imageErrors: string[]
  unhandled: string[]
}

interface MediaRecord {
  srcs: string[]
  /** currentTime at each timeupdate. */
  times: number[]
  /** `error` events the element fired, with its MediaError code. */
  errors: number[]
  states: string[]
}

declare global {
  interface Window {
    imageRecord: ImageRecord
    mediaRecord: MediaRecord
  }
}

const record: ImageRecord = { srcs: {}, statuses: {}, imageErrors: [], unhandled: [] }
window.imageRecord = record
const media: MediaRecord = { srcs: [], times: [], errors: [], states: [] }
window.mediaRecord = media
window.addEventListener('unhandledrejection', (event) => record.unhandled.push(String(event.reason)))
// Image errors do not bubble: listen in the capture phase to see every one.
document.addEventListener('error', (event) => {
  if (event.target instanceof HTMLImageElement) record.imageErrors.push(event.target.alt)
}, true)
new MutationObserver((mutations) => {
  for (const mutation of mutations) {
    const img = mutation.target
    if (img instanceof HTMLMediaElement) {
      if (mutation.attributeName === 'src') media.srcs.push(img.src)
      else media.states.push(img.dataset.state ?? '')
      continue
    }
    if (!(img instanceof HTMLImageElement) || mutation.attributeName !== 'src' || !img.src) continue
    ;(record.srcs[img.alt] ??= []).push(img.src)
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['src', 'data-state'] })

const params = new URLSearchParams(location.search)
const keys = (params.get('keys') ?? '').split(',').filter(Boolean)
const user = params.get('user') ?? 'alice'
const mediaKey = params.get('media')

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PresignProvider endpoint="/api/s3" headers={{ authorization: 'Bearer e2e-token', 'x-user': user }}>
      {mediaKey === null ? null : (
        <>
          <SignedAudio
            objectKey={mediaKey}
            controls
            preload="auto"
            onTimeUpdate={(event) => media.times.push(event.currentTarget.currentTime)}
            onError={(event) => media.errors.push(event.currentTarget.error?.code ?? 0)}
          />
          <button type="button" onClick={() => void document.querySelector('audio')?.play()}>Play</button>
        </>
      )}
      {keys.map((key) => (
        <SignedImage
          key={key}
          objectKey={key}
          alt={key}
          width={16}
          height={16}
          fallback={<span data-fallback={key}>Cannot show {key}</span>}
          onStatusChange={(status) => (record.statuses[key] ??= []).push(status)}
        />
      ))}
    </PresignProvider>
  </StrictMode>,
)
