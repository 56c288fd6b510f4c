// The page the transport e2e tests drive: <S3Uploader> with transport options
// from the query string, and its callbacks recorded on window.
import { createRoot } from 'react-dom/client'
import { S3Uploader, type PresignedS3Error, type UploadedFile } from 'react-presigned-s3'
import 'react-presigned-s3/styles.css'

interface Recorded {
  completed: UploadedFile[][]
  errors: Array<{ code: string; message: string; file: string | undefined }>
  unhandled: string[]
}

declare global {
  interface Window {
    recorded: Recorded
  }
}

window.recorded = { completed: [], errors: [], unhandled: [] }
window.addEventListener('unhandledrejection', (event) => window.recorded.unhandled.push(String(event.reason)))

const params = new URLSearchParams(location.search)
const number = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined)

createRoot(document.getElementById('root')!).render(
  <S3Uploader
    endpoint="/api/s3"
    headers={{ authorization: 'Bearer e2e-token' }}
    multipartThreshold={number('threshold')}
    partSize={number('partSize')}
    parallelParts={number('parallel')}
    concurrency={number('concurrency')}
    retry={{ attempts: number('attempts'), baseDelayMs: number('baseDelay'), stallTimeoutMs: number('stall') }}
    onUploadComplete={(files: UploadedFile[]) => window.recorded.completed.push(files)}
    onError={(error: PresignedS3Error, file) =>
      window.recorded.errors.push({ code: error.code, message: error.message, file: file?.name })
    }
  />,
)
