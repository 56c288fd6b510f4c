// The page imports the library as a host app would: `react-presigned-s3/core`,
// which the test points at a fresh `vite build` of the library.
import { createChecksumHasher, createMd5Hasher } from 'react-presigned-s3/core'

const MiB = 1024 * 1024
const hasher = createMd5Hasher()
const sha256Hasher = createChecksumHasher('sha256')

// Hashing reads a blob's stream (or its slices where streams are no byte streams); a worker reads in its
// own realm, so reads started here mean the main thread hashed.
let mainThreadReads = 0
const slice = Blob.prototype.slice
const stream = Blob.prototype.stream
Blob.prototype.slice = function (this: Blob, ...args: Parameters<Blob['slice']>) {
  mainThreadReads += 1
  return slice.apply(this, args)
}
// The SHA-256 hasher reads each body whole: those reads count too.
const arrayBuffer = Blob.prototype.arrayBuffer
Blob.prototype.arrayBuffer = function (this: Blob) {
  mainThreadReads += 1
  return arrayBuffer.apply(this)
}
Blob.prototype.stream = function (this: Blob) {
  mainThreadReads += 1
  return stream.apply(this)
}

/** Bytes the test recomputes in Node: byte i is (i * 31 + 7) mod 256. */
function patterned(size: number): Blob {
  // Built from 1 MiB sub-Blobs: one big ArrayBuffer hits Chromium's blob quota (see shared notes).
  const parts: Blob[] = []
  for (let start = 0; start < size; start += MiB) {
    const bytes = new Uint8Array(Math.min(MiB, size - start))
    for (let i = 0; i < bytes.length; i++) bytes[i] = ((start + i) * 31 + 7) & 255
    parts.push(new Blob([bytes]))
  }
  return new Blob(parts)
}

declare global {
  interface Window {
    md5OfSizes(sizes: number[]): Promise<string[]>
    md5OfPicked(): Promise<string>
    sha256OfSizes(sizes: number[]): Promise<string[]>
    sha256OfPicked(): Promise<string>
    md5OfPickedParts(partSize: number): Promise<string[]>
    md5OfEveryPicked(): Promise<string[]>
    mainThreadReads(): number
  }
}

window.md5OfSizes = (sizes) => Promise.all(sizes.map((size) => hasher.md5Base64(patterned(size))))
window.md5OfPicked = () => hasher.md5Base64(document.querySelector<HTMLInputElement>('#pick')!.files![0]!)
window.sha256OfSizes = (sizes) => Promise.all(sizes.map((size) => sha256Hasher.md5Base64(patterned(size))))
window.sha256OfPicked = () => sha256Hasher.md5Base64(document.querySelector<HTMLInputElement>('#pick')!.files![0]!)
/** Each part of the picked file, said to be sliced from it (as multipart uploads hash them: one stream per file). */
window.md5OfPickedParts = (partSize) => {
  const file = document.querySelector<HTMLInputElement>('#pick')!.files![0]!
  const starts = Array.from({ length: Math.ceil(file.size / partSize) }, (_, i) => i * partSize)
  // Sliced with the saved slice: these slices are the caller's, not a sign of hashing here.
  return Promise.all(starts.map((start) => hasher.md5Base64(slice.call(file, start, start + partSize), undefined, { whole: file, start })))
}
/** Each picked file hashed on its own, all asked at once (a folder of photos). */
window.md5OfEveryPicked = () => Promise.all([...document.querySelector<HTMLInputElement>('#pick')!.files!].map((file) => hasher.md5Base64(file)))
window.mainThreadReads = () => mainThreadReads
