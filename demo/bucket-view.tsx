import { SignedImage, useSignedUrl } from 'react-presigned-s3'

export interface StoredObject {
  key: string
  size: number
  lastModified: string
  /** From the embedded store; a real bucket's listing has none, so the key's extension decides. */
  contentType?: string
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|avif|bmp|svg)$/i

export function isImage(object: StoredObject): boolean {
  return object.contentType ? object.contentType.startsWith('image/') : IMAGE_NAME.test(object.key)
}

const fileName = (key: string) => key.slice(key.lastIndexOf('/') + 1)

/** When a signed URL was signed and when it lapses, read from its SigV4 query (`X-Amz-Date`, `X-Amz-Expires`). */
function urlLife(url: string | undefined): string | undefined {
  if (!url) return undefined
  const query = new URL(url).searchParams
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '')
  if (!date) return undefined
  const signed = new Date(Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!))
  const until = new Date(signed.getTime() + Number(query.get('X-Amz-Expires') ?? 0) * 1000)
  const time = (at: Date) => at.toLocaleTimeString()
  return `URL signed ${time(signed)}, valid until ${time(until)}`
}

/** One image: `<SignedImage>` renews its URL before it lapses; the caption shows the URL it has now. */
function GalleryItem({ object }: { object: StoredObject }) {
  // The same cache entry as the image's: this re-renders when the image gets its new URL.
  const { url } = useSignedUrl(object.key)
  const name = fileName(object.key)
  return (
    <figure>
      <SignedImage objectKey={object.key} alt={name} width={160} height={120} fallback={<span>Loading {name}…</span>} />
      <figcaption>
        {name}
        <br />
        <small data-testid="url-life">{urlLife(url) ?? 'signing…'}</small>
      </figcaption>
    </figure>
  )
}

export function Gallery({ objects }: { objects: StoredObject[] }) {
  const images = objects.filter(isImage)
  if (images.length === 0) return <p>No images yet. Upload a PNG or a JPEG to see it here.</p>
  return (
    <div className="gallery" role="list" aria-label="Uploaded images">
      {images.map((object) => (
        <div role="listitem" key={object.key}>
          <GalleryItem object={object} />
        </div>
      ))}
    </div>
  )
}

/** A download link through a URL signed with `Content-Disposition: attachment`, so the browser saves the file. */
export function DownloadLink({ objectKey }: { objectKey: string }) {
  const name = fileName(objectKey)
  const { url, error } = useSignedUrl(objectKey, { responseContentDisposition: `attachment; filename="${name.replace(/"/g, '')}"` })
  if (error) return <span role="alert">{error.message}</span>
  return url ? <a href={url}>Download {name}</a> : <span>Signing…</span>
}

export function ObjectTable({ objects }: { objects: StoredObject[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Bytes</th>
          <th scope="col">Open</th>
        </tr>
      </thead>
      <tbody>
        {objects.map((object) => (
          <tr key={object.key}>
            <td>{object.key}</td>
            <td>{object.size}</td>
            <td>{isImage(object) ? 'in the gallery' : <DownloadLink objectKey={object.key} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
