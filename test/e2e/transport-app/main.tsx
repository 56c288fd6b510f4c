// The page the transport e2e tests drive: <S3Uploader> with transport options
// from the query string, and its callbacks recorded on window.
import { createRoot } from 'react-dom/client'
import { S3Uploader } from 'react-presigned-s3'
import 'react-presigned-s3/styles.css'
import { recordUploaderCallbacks } from '../support/page-recorder.js'

const recording = recordUploaderCallbacks()

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
    persistBudgetBytes={number('budget')}
    resumeOnReload={params.get('resume') === 'auto' ? 'auto' : 'ask'}
    folders={params.has('folders')}
    {...recording}
  />,
)
