// The page the SignedImage e2e tests drive: one <SignedImage> per key in the query
// string, as the user named in it. What the page saw is recorded on window.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { PresignProvider, SignedImage, type SignedImageStatus } from 'react-presigned-s3'

interface ImageRecord {
  /** Every src each image took, in order. */
  srcs: Record<string, string[]>
  statuses: Record<string, SignedImageStatus[]>
  /** `error` events fired by any <img> on the page. */
  imageErrors: string[]
  unhandled: string[]
}

declare global {
  interface Window {
    imageRecord: ImageRecord
  }
}

const record: ImageRecord = { srcs: {}, statuses: {}, imageErrors: [], unhandled: [] }
window.imageRecord = record
window.addEventListener('unhandledrejection', (event) => record.unhandled.push(String(event.reason)))
// Image errors do not bubble: listen in the capture phase to see every one.
document.addEventListener('error', (event) => {
  if (event.target instanceof HTMLImageElement) record.imageErrors.push(event.target.alt)
}, true)
new MutationObserver((mutations) => {
  for (const mutation of mutations) {
    const img = mutation.target
    if (!(img instanceof HTMLImageElement) || !img.src) continue
    ;(record.srcs[img.alt] ??= []).push(img.src)
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['src'] })

const params = new URLSearchParams(location.search)
const keys = (params.get('keys') ?? '').split(',').filter(Boolean)
const user = params.get('user') ?? 'alice'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PresignProvider endpoint="/api/s3" headers={{ authorization: 'Bearer e2e-token', 'x-user': user }}>
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
