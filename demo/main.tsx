import { StrictMode, useCallback, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { PresignProvider, S3Uploader } from 'react-presigned-s3'
import 'react-presigned-s3/styles.css'
import { Gallery, ObjectTable, type StoredObject } from './bucket-view.js'
import './demo.css'

function useBucketListing(version: number) {
  const [objects, setObjects] = useState<StoredObject[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    fetch('/api/objects')
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((body: { objects: StoredObject[] }) => setObjects(body.objects))
      .catch((reason: Error) => setError(reason.message))
  }, [version])
  return { objects, error }
}

function Bucket({ version }: { version: number }) {
  const { objects, error } = useBucketListing(version)
  if (error) return <p role="alert">Could not list the bucket: {error}</p>
  if (!objects) return <p>Loading the bucket…</p>
  if (objects.length === 0) return <p>The bucket is empty. Upload something.</p>
  return (
    <>
      <h2>Images</h2>
      <p>
        Each image is shown through a presigned GET URL that lives 30 seconds; <code>&lt;SignedImage&gt;</code> signs a
        new one before it lapses, without a flicker. Watch the times change.
      </p>
      <Gallery objects={objects} />
      <h2>In the bucket</h2>
      <ObjectTable objects={objects} />
    </>
  )
}

function Demo() {
  const [version, setVersion] = useState(0)
  const refresh = useCallback(() => setVersion((v) => v + 1), [])
  return (
    <main>
      <h1>react-presigned-s3</h1>
      <p>Files go straight from this page to the bucket with presigned URLs; the server only signs.</p>
      <PresignProvider endpoint="/api/s3">
        <S3Uploader onUploadComplete={refresh} />
        <Bucket version={version} />
      </PresignProvider>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Demo />
  </StrictMode>,
)
