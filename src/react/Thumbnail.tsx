import { useObjectUrl } from './use-object-url.js'

/** Browsers decode these in an <img>; others (HEIC, TIFF, PSD) would show a broken image. */
const PREVIEWABLE = /^image\/(png|jpe?g|gif|webp|avif|bmp|svg\+xml)$/i

export function Thumbnail({ file, className }: { file: Blob; className: string | undefined }) {
  const previewable = PREVIEWABLE.test(file.type)
  const url = useObjectUrl(previewable ? file : undefined)
  // The file's name is next to it, so the image is decorative: empty alt.
  return (
    <span className={className} aria-hidden="true">
      {url && <img src={url} alt="" width={40} height={40} decoding="async" loading="lazy" />}
    </span>
  )
}
