import { StrictMode, useCallback, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { S3Uploader } from 'react-presigned-s3'
import 'react-presigned-s3/styles.css'
import './demo.css'

interface StoredObject {
  key: string
  size: number
  lastModified: string
}

function BucketListing({ version }: { version: number }) {
  const [objects, setObjects] = useState<StoredObject[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    fetch('/api/objects')
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((body: { objects: StoredObject[] }) => setObjects(body.objects))
      .catch((reason: Error) => setError(reason.message))
  }, [version])
  if (error) return <p role="alert">Could not list the bucket: {error}</p>
  if (!objects) return <p>Loading the bucket…</p>
  if (objects.length === 0) return <p>The bucket is empty. Upload something.</p>
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Bytes</th>
        </tr>
      </thead>
      <tbody>
        {objects.map((object) => (
          <tr key={object.key}>
            <td>{object.key}</td>
            <td>{object.size}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Demo() {
  const [version, setVersion] = useState(0)
  const refresh = useCallback(() => setVersion((v) => v + 1), [])
  return (
    <main>
      <h1>react-presigned-s3</h1>
      <p>Files go straight from this page to the bucket with presigned URLs; the server only signs.</p>
      <S3Uploader endpoint="/api/s3" onUploadComplete={refresh} />
      <h2>In the bucket</h2>
      <BucketListing version={version} />
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Demo />
  </StrictMode>,
)
