import type { ChecksumAlgorithm } from '../../protocol/messages.js'
import { toBase64 } from './digest-encoding.js'
import type { Clock } from '../clock.js'
import { createMd5Hasher, type Md5Hasher } from './md5-hasher.js'

/**
 * One hasher per checksum algorithm, each the same worker pool (md5-hasher.ts) with its own
 * worker script and main-thread fallback. Only the chosen algorithm's code is ever loaded:
 * each is a dynamic import, made on the first hash.
 */
export const CHECKSUM_HASHERS = {
  md5: (clock?: Clock) => createMd5Hasher({ clock }),
  sha256: (clock?: Clock) =>
    createMd5Hasher({
      clock,
      loadWorker: canStartWorkers() ? () => import('./sha256-worker-start.js').then((m) => m.startSha256Worker) : null,
      hashOnMainThread: (blob, signal) => import('./blob-sha256.js').then((m) => m.blobSha256Base64(blob, signal)),
    }),
} satisfies Record<ChecksumAlgorithm, (clock?: Clock) => Md5Hasher>

/** The header each algorithm's digest is sent (and signed) in. */
export const CHECKSUM_HEADERS = {
  md5: 'content-md5',
  sha256: 'x-amz-checksum-sha256',
} as const satisfies Record<ChecksumAlgorithm, string>

/** The hasher for the digests of `algorithm` (what `createMd5Hasher` is for `'md5'`). */
export function createChecksumHasher(algorithm: ChecksumAlgorithm): Md5Hasher {
  return CHECKSUM_HASHERS[algorithm]()
}

function canStartWorkers(): boolean {
  return typeof Worker === 'function' && typeof Blob === 'function'
}

/**
 * The multipart object's composite SHA-256 as S3 computes it on completion: the SHA-256 of
 * the parts' binary digests in part order, base64, then `-<part count>`.
 */
export async function compositeSha256(partDigests: readonly string[]): Promise<string> {
  const bytes = new Uint8Array(partDigests.length * 32)
  partDigests.forEach((digest, index) => bytes.set(Uint8Array.from(atob(digest), (char) => char.charCodeAt(0)), index * 32))
  return `${toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))}-${partDigests.length}`
}
