import { partBytes, partCount } from '../../protocol/index.js'
import { HashAhead } from '../hashing/hash-ahead.js'
import type { Md5Hasher } from '../hashing/md5-hasher.js'

/** Length of part `partNumber` (from 1) of a file cut in `partSize` parts; 0 outside the file. Arithmetic: no Blob made. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  if (partNumber < 1 || partNumber > partCount({ size, partSize })) return 0
  return partBytes({ size, partSize }, partNumber)
}

/**
 * The bytes of one part, as a Blob slice (no bytes read). Only for what must
 * read them (the PUT body, the hash): in Chromium each `Blob.slice` of a
 * File is a call into the browser's blob registry, and making one per
 * finished part on every progress event cost the page 2.6 s of its main
 * thread on a 256 MiB upload (bench/widget.mjs with BENCH_PROFILE).
 */
export function partSlice(data: Blob, partSize: number, partNumber: number): Blob | undefined {
  if (partNumber < 1 || partNumber > partCount({ size: data.size, partSize })) return undefined
  const start = (partNumber - 1) * partSize
  return data.slice(start, start + partLength(data.size, partSize, partNumber))
}

/**
 * How many parts, beyond those in flight, are hashed (and then signed) ahead: two rounds of
 * `parallel`. Parts sharing one link end together, so slots free in clumps of up to `parallel`;
 * with one round ahead, the hashers then sat idle until the next clump while the parts after it
 * were not hashed yet, and a freed slot waited 29 ms for a hash and 18 ms for a URL on average
 * (256 MiB, 6 parts in flight, bench/widget.mjs BENCH_TIMELINE). Costs no memory: a queued hash
 * holds a Blob slice (no bytes), a finished one its MD5.
 */
export const hashAheadDepth = (parallel: number): number => 2 * parallel

/**
 * The digests (MD5 or SHA-256) of one upload's parts. Started ahead, from before the upload is
 * created (a part's bytes do not depend on the upload id, so the first hashes
 * run while the endpoint and the store create it); each one known is kept
 * until its part is in the store, so its URL can be signed ahead.
 */
export class PartHashes {
  readonly #ahead: HashAhead<number>
  /** Part number → base64 digest, for parts hashed and not yet in the store, in the order they were hashed. */
  readonly known = new Map<number, string>()
  /** Told each time a hash becomes known (set by whoever signs URLs ahead). */
  onHashed: (() => void) | undefined

  constructor(hasher: Md5Hasher, data: Blob, partSize: number) {
    // `within`: the worker reads a file's parts in order from one stream (see read-blob.ts).
    const source = (n: number) => ({ blob: partSlice(data, partSize, n)!, within: { whole: data, start: (n - 1) * partSize } })
    this.#ahead = new HashAhead(hasher, source, (n, md5) => {
      this.known.set(n, md5)
      this.onHashed?.()
    })
  }

  /** Starts hashing each of `parts` not started yet, in order. */
  ahead(parts: Iterable<number>): void {
    this.#ahead.ahead(parts)
  }

  /** The digest of part `n`: the one started ahead, or one started now. */
  take(n: number, signal: AbortSignal): Promise<string> {
    return this.#ahead.take(n, signal)
  }

  /** Part `n` is in the store: its digest is signed and sent. */
  forget(n: number): void {
    this.known.delete(n)
  }

  /** Stops every hash not taken (the upload ended or stopped). */
  clear(): void {
    this.#ahead.clear()
    this.known.clear()
  }
}
