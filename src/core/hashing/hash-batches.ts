// Which queued hashes the pool (md5-hasher.ts) sends a free worker in one message.

/**
 * Blobs this small go to a worker several in one message (`hashEach`), up to BATCH_HASHES: one
 * message and one reply per 4 KiB file cost the page's main thread and the browser process more
 * than the hashing (bench/hash-messages.mjs, 1000 x 4 KiB, 2 workers: renderer 0.54 -> 0.21 CPU-s,
 * browser 0.34 -> 0.26, main-thread tasks 599 -> 364 ms with 8 per message; bench/widget.mjs:
 * the page's time in postMessage ~250 -> ~60 ms, its workers' CPU 0.41 -> 0.19 s). Larger blobs,
 * and slices of a file (read from one stream, see read-blob.ts), go one at a time.
 */
export const BATCH_BYTES = 64 * 1024
export const BATCH_HASHES = 8

/** A queued hash as batching sees it. */
export interface Batchable {
  blob: Blob
  within: unknown
}

/**
 * Takes the next hash off `queue`, or the next run of small blobs shared out among `free`
 * workers (idle or still to start: two idle workers get half each, not one all of them), at
 * most BATCH_HASHES. In queue order, so hashes still start in the order they were asked for.
 */
export function takeBatch<J extends Batchable>(queue: J[], free: number): J[] {
  const batchable = (job: J | undefined) => job !== undefined && !job.within && job.blob.size <= BATCH_BYTES
  const most = Math.min(BATCH_HASHES, Math.ceil(queue.length / Math.max(1, free)))
  let count = 1
  if (batchable(queue[0])) while (count < most && batchable(queue[count])) count++
  return queue.splice(0, count)
}
