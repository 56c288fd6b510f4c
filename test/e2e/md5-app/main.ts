// The page imports the library as a host app would: `react-presigned-s3/core`,
// which the test points at a fresh `vite build` of the library.
import { createChecksumHasher, createMd5Hasher } from 'react-presigned-s3/core'

const MiB = 1024 * 1024
const hasher = createMd5Hasher()
const sha256Hasher = createChecksumHasher('sha256')

// Hashing reads slices; a worker slices in its own realm, so slices taken here mean the main thread hashed.
let mainThreadSlices = 0
const slice = Blob.prototype.slice
Blob.prototype.slice = function (this: Blob, ...args: Parameters<Blob['slice']>) {
  mainThreadSlices += 1
  return slice.apply(this, args)
}
// The SHA-256 hasher reads each body whole: reads here mean the main thread hashed.
let mainThreadReads = 0
const arrayBuffer = Blob.prototype.arrayBuffer
Blob.prototype.arrayBuffer = function (this: Blob) {
  mainThreadReads += 1
  return arrayBuffer.apply(this)
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
    mainThreadSlices(): number
    sha256OfSizes(sizes: number[]): Promise<string[]>
    sha256OfPicked(): Promise<string>
    mainThreadReads(): number
  }
}

window.md5OfSizes = (sizes) => Promise.all(sizes.map((size) => hasher.md5Base64(patterned(size))))
window.md5OfPicked = () => hasher.md5Base64(document.querySelector<HTMLInputElement>('#pick')!.files![0]!)
window.mainThreadSlices = () => mainThreadSlices
window.sha256OfSizes = (sizes) => Promise.all(sizes.map((size) => sha256Hasher.md5Base64(patterned(size))))
window.sha256OfPicked = () => sha256Hasher.md5Base64(document.querySelector<HTMLInputElement>('#pick')!.files![0]!)
window.mainThreadReads = () => mainThreadReads
