import { toBase64 } from './digest-encoding.js'
import { Md5 } from './md5.js'

/** Bytes read per step: bounds memory per hash (two steps: one hashed, one being read) however large the blob is. */
export const MD5_STEP = 4 * 1024 * 1024

/**
 * Base64 MD5 of `blob`, read in slices of MD5_STEP bytes: a disk-backed `File` is never
 * loaded whole into memory. The next slice is read while this one is hashed
 * (bench/hash-candidates.mjs: ~30% faster than reading and hashing in turn).
 * Runs on the main thread as the fallback of {@link createMd5Hasher}'s
 * workers, and inside them.
 */
export async function blobMd5Base64(blob: Blob, signal?: AbortSignal): Promise<string> {
  const md5 = new Md5()
  const read = (offset: number) => (offset < blob.size ? blob.slice(offset, offset + MD5_STEP).arrayBuffer() : undefined)
  let next = read(0)
  for (let offset = 0; next; offset += MD5_STEP) {
    const bytes = new Uint8Array(await next)
    signal?.throwIfAborted()
    next = read(offset + MD5_STEP)
    md5.update(bytes)
  }
  return toBase64(md5.digest())
}
