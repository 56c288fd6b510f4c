import { toBase64 } from './digest-encoding.js'
import { Md5 } from './md5.js'
import { readBlob } from './read-blob.js'

/**
 * Base64 MD5 of `blob`, read into one reused buffer (read-blob.ts): a
 * disk-backed `File` is never loaded whole into memory, and a hash of any
 * size holds one buffer of it. Runs on the main thread as the fallback of
 * {@link createMd5Hasher}'s workers, and inside them.
 */
export async function blobMd5Base64(blob: Blob, signal?: AbortSignal): Promise<string> {
  const md5 = new Md5()
  await readBlob(blob, (chunk) => md5.update(chunk), signal)
  return toBase64(md5.digest())
}
