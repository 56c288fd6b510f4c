/** Messages between the hasher pool (md5-hasher.ts) and its workers (md5-worker.ts, sha256-worker.ts). */

/**
 * A blob on its own, or bytes `start` to `start + size` of a whole blob that `key` names (see
 * read-blob.ts BlobCursor). `whole` comes with the first slice of it a worker is sent and not
 * again: the worker keeps the last whole it was sent (serve-hashes.ts). Posting a Blob makes a
 * new handle to it in the worker (a clone through the browser's blob registry); sending the part
 * and its file with every part of a 2 GiB upload made 512 such handles, where one per worker does.
 */
export type HashMessage =
  | { kind: 'hash'; id: number; blob: Blob }
  | { kind: 'hash'; id: number; within: { key: number; start: number; size: number; whole?: Blob } }

/**
 * `hashEach`: several small blobs in one message, read at once and answered in one `each`
 * (see hash-batches.ts): one message and one reply per small file cost the page
 * as much as the hashing (bench/hash-messages.mjs).
 */
export type ToMd5Worker =
  | HashMessage
  | { kind: 'hashEach'; hashes: Array<{ id: number; blob: Blob }> }
  | { kind: 'cancel'; id: number }

/** Every hash gets exactly one reply, cancelled ones too, so the pool knows when the worker is free. */
export type HashReply = { kind: 'done'; id: number; md5: string } | { kind: 'failed'; id: number; message: string }

/** A `hash` is answered on its own, a `hashEach` with one `each` holding a reply per hash. */
export type FromMd5Worker = HashReply | { kind: 'each'; replies: HashReply[] }
