import type { Md5Hasher, SliceOf } from './md5-hasher.js'

/** What to hash: a blob, or a slice of one with where it was cut (so a worker reads the parts of a file as one stream). */
export type HashSource = Blob | { blob: Blob; within: SliceOf }

interface Started {
  md5: Promise<string>
  stop: AbortController
}

/**
 * Hashes started before they are needed, keyed by part number, so a part's
 * Content-MD5 is ready when a connection frees up for it. Only the few keys
 * passed to `ahead` are held (a promise and a Blob slice each, no bytes).
 */
export class HashAhead<K> {
  readonly #hasher: Md5Hasher
  readonly #blobOf: (key: K) => HashSource
  readonly #started = new Map<K, Started>()

  readonly #onHashed: ((key: K, md5: string) => void) | undefined

  /** `onHashed` hears of each hash as it is ready (e.g. to sign its URL in the next batch). */
  constructor(hasher: Md5Hasher, blobOf: (key: K) => HashSource, onHashed?: (key: K, md5: string) => void) {
    this.#hasher = hasher
    this.#blobOf = blobOf
    this.#onHashed = onHashed
  }

  /** The hash of `key`, started now if it was not, without taking it (for signing ahead). */
  peek(key: K): Promise<string> {
    this.ahead([key])
    return this.#started.get(key)!.md5
  }

  /** Stops and forgets the hash of `key`, if started and not taken. */
  drop(key: K): void {
    this.#started.get(key)?.stop.abort()
    this.#started.delete(key)
  }

  /** Starts hashing each of `keys` not started yet, in order. */
  ahead(keys: Iterable<K>): void {
    for (const key of keys) if (!this.#started.has(key)) this.#started.set(key, this.#begin(key))
  }

  /** The hash of `key`: the one started ahead, or one started now. Aborting `signal` stops it. */
  take(key: K, signal: AbortSignal): Promise<string> {
    const started = this.#started.get(key) ?? this.#begin(key)
    this.#started.delete(key)
    const stop = () => started.stop.abort(signal.reason)
    if (signal.aborted) stop()
    signal.addEventListener('abort', stop, { once: true })
    const forget = () => signal.removeEventListener('abort', stop)
    started.md5.then(forget, forget)
    return started.md5
  }

  /** Stops every hash started ahead and not taken (the upload stopped). */
  clear(): void {
    for (const started of this.#started.values()) started.stop.abort()
    this.#started.clear()
  }

  #begin(key: K): Started {
    const stop = new AbortController()
    const source = this.#blobOf(key)
    const md5 = source instanceof Blob ? this.#hasher.md5Base64(source, stop.signal) : this.#hasher.md5Base64(source.blob, stop.signal, source.within)
    if (this.#onHashed) md5.then((value) => this.#onHashed?.(key, value), () => {})
    // Rejections of hashes never taken (stopped by clear) are nobody's to handle.
    md5.catch(() => {})
    return { md5, stop }
  }
}
