import { Md5, toBase64 } from './md5.js'

/** Bytes read per step: bounds memory per hash however large the blob is. */
const STEP = 4 * 1024 * 1024

/**
 * Base64 MD5 of `blob`, read in slices of STEP bytes: a disk-backed `File` is never
 * loaded whole into memory. Yields to the event loop between slices, so
 * hashing a large part does not freeze the page.
 */
export async function blobMd5Base64(blob: Blob, signal?: AbortSignal): Promise<string> {
  const md5 = new Md5()
  for (let offset = 0; offset < blob.size; offset += STEP) {
    signal?.throwIfAborted()
    const slice = blob.slice(offset, Math.min(offset + STEP, blob.size))
    md5.update(new Uint8Array(await slice.arrayBuffer()))
  }
  return toBase64(md5.digest())
}
