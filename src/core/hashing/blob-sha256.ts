import { toBase64 } from './digest-encoding.js'

/**
 * Base64 SHA-256 of `blob` for `x-amz-checksum-sha256`, with Web Crypto. Its digest is
 * one-shot, not streaming, so the body is read whole: a part (8 MiB by default) or a
 * single PUT (up to `multipartThreshold`, 100 MiB by default) is held in memory while
 * it is hashed. Chosen over streaming WASM/JS by bench/hash-candidates.mjs
 * (HASH_ALGORITHM=sha256, Chromium, 256 MiB disk-backed File, three runs, load 6-18):
 * 274-347 MiB/s per 8 MiB part in a Worker (our MD5 there: 333 in the last run), against
 * 113-229 for hash-wasm's streaming SHA-256 (7.0 KB gzip, and `'wasm-unsafe-eval'` in the
 * host's CSP) and 20-65 for @noble/hashes (2.8 KB); 0 bytes of hashing code. On the main
 * thread Web Crypto managed 96-216, hence the workers.
 * Runs in the hasher's workers (sha256-worker.ts) and as their main-thread fallback.
 */
export async function blobSha256Base64(blob: Blob, signal?: AbortSignal): Promise<string> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) throw new TypeError('SHA-256 checksums need Web Crypto, which browsers offer only on HTTPS pages (and localhost)')
  const bytes = await blob.arrayBuffer()
  signal?.throwIfAborted()
  return toBase64(new Uint8Array(await subtle.digest('SHA-256', bytes)))
}
