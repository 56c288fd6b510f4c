/** Messages between the hasher pool (md5-worker-pool.ts) and its workers (md5-worker.ts). */

/** `within`: `blob` is `whole.slice(start, start + blob.size)`; `key` names `whole` (see read-blob.ts BlobCursor). */
export type ToMd5Worker =
  | { kind: 'hash'; id: number; blob: Blob; within?: { whole: Blob; key: number; start: number } }
  | { kind: 'cancel'; id: number }

/** Every `hash` gets exactly one reply, cancelled ones too, so the pool knows when the worker is free. */
export type FromMd5Worker = { kind: 'done'; id: number; md5: string } | { kind: 'failed'; id: number; message: string }
