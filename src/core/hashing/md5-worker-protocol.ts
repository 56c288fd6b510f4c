/** Messages between the hasher pool (md5-hasher.ts) and its workers (md5-worker.ts, sha256-worker.ts). */

/**
 * A blob on its own, or bytes `start` to `start + size` of a whole blob that `key` names (see
 * read-blob.ts BlobCursor). `whole` comes with the first slice of it a worker is sent and not
 * again: the worker keeps the last whole it was sent (serve-hashes.ts). Posting a Blob makes a
 * new handle to it in the worker (a clone through the browser's blob registry); sending the part
 * and its file with every part of a 2 GiB upload made 512 such handles, where one per worker does.
 */
export type ToMd5Worker =
  | { kind: 'hash'; id: number; blob: Blob }
  | { kind: 'hash'; id: number; within: { key: number; start: number; size: number; whole?: Blob } }
  | { kind: 'cancel'; id: number }

/** Every `hash` gets exactly one reply, cancelled ones too, so the pool knows when the worker is free. */
export type FromMd5Worker = { kind: 'done'; id: number; md5: string } | { kind: 'failed'; id: number; message: string }
