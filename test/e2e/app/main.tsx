// The page the e2e tests drive: the real <S3Uploader>, with its callbacks
// recorded on window so the test can read what the host app would have seen.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { S3Uploader } from 'react-presigned-s3'
import 'react-presigned-s3/styles.css'
import { recordUploaderCallbacks } from '../support/page-recorder.js'

const recording = recordUploaderCallbacks()

const params = new URLSearchParams(location.search)
const token = params.get('token') ?? 'e2e-token'
// Restrictions from the URL, so a test can show the refused-file state: ?maxFileSize=5
const maxFileSize = params.has('maxFileSize') ? Number(params.get('maxFileSize')) : undefined
// `?multipartThreshold=N` sends files above N bytes in parts (tests of the multipart path).
const multipartThreshold = params.has('multipartThreshold') ? Number(params.get('multipartThreshold')) : undefined
const partSize = params.has('partSize') ? Number(params.get('partSize')) : undefined
// `?companion=URL` signs through an Uppy Companion server instead of /api/s3.
const companionEndpoint = params.get('companion') ?? undefined
// `?signingWindowMs=0` sends one signing request per operation (tests that alter single requests).
const signingWindowMs = params.has('signingWindowMs') ? Number(params.get('signingWindowMs')) : undefined
// `?route=documents` uploads under one of the handler's routes (its limits, settings and callback).
const route = params.get('route') ?? undefined
// `?folders=1` offers the folder picker too (the many-files test picks a folder of 2000).
const folders = params.has('folders')

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <S3Uploader
      endpoint="/api/s3"
      headers={{ authorization: `Bearer ${token}` }}
      restrictions={maxFileSize === undefined ? undefined : { maxFileSize }}
      multipartThreshold={multipartThreshold}
      partSize={partSize}
      companionEndpoint={companionEndpoint}
      signingWindowMs={signingWindowMs}
      route={route}
      folders={folders}
      {...recording}
    />
  </StrictMode>,
)
