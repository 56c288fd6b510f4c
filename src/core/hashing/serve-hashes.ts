// The message loop every hashing worker runs (md5-worker.ts, sha256-worker.ts): one `hash`
// (or one `hashEach` of small blobs) at a time as the pool (md5-hasher.ts) sends them, each
// hash answered once, cancels honoured.
import type { FromMd5Worker, HashMessage, HashReply, ToMd5Worker } from './md5-worker-protocol.js'

/** One hash as a worker's digest function sees it: `blob()` slices the part only where it is needed. */
export interface HashJob {
  size: number
  blob(): Blob
  /** Where the bytes sit in a whole blob the worker holds (read as one stream, see read-blob.ts BlobCursor). */
  within?: { whole: Blob; key: number; start: number }
}

/** Error of a slice whose whole the pool never sent this worker (a pool bug): the pool then hashes it on the main thread. */
export class UnknownWhole extends Error {
  constructor(key: number) {
    super(`no whole blob ${key} was sent to this worker`)
    this.name = 'UnknownWhole'
  }
}

/**
 * Turns the pool's messages into jobs, keeping the last whole blob sent (one: a File held
 * for a file the pool moved on from would keep its handle alive for nothing).
 */
export function hashJobs(): (message: HashMessage) => HashJob {
  let held: { key: number; whole: Blob } | undefined
  return (message) => {
    if ('blob' in message) return { size: message.blob.size, blob: () => message.blob }
    const { key, start, size, whole } = message.within
    if (whole) held = { key, whole }
    if (!held || held.key !== key) throw new UnknownWhole(key)
    const { whole: kept } = held
    return { size, blob: () => kept.slice(start, start + size), within: { whole: kept, key, start } }
  }
}

/** Answers the pool's messages with `digestOf` (base64); `md5` is the pool's name for the digest, whatever its algorithm. */
export function serveHashes(digestOf: (job: HashJob, signal: AbortSignal) => Promise<string>): void {
  const answer = answerHashes(digestOf)
  addEventListener('message', (event: MessageEvent<ToMd5Worker>) => {
    answer(event.data)?.then((reply) => postMessage(reply))
  })
}

/**
 * The worker's side of the protocol without the worker (tested on its own): the reply each
 * message gets, if any. The small blobs of a `hashEach` are read and hashed at once (their reads
 * overlap), and answered together once the last is done.
 */
export function answerHashes(digestOf: (job: HashJob, signal: AbortSignal) => Promise<string>): (message: ToMd5Worker) => Promise<FromMd5Worker> | undefined {
  const running = new Map<number, AbortController>()
  const jobOf = hashJobs()
  const hash = async (id: number, job: () => HashJob): Promise<HashReply> => {
    const controller = new AbortController()
    running.set(id, controller)
    try {
      return { kind: 'done', id, md5: await digestOf(job(), controller.signal) }
    } catch (error) {
      return { kind: 'failed', id, message: error instanceof Error ? error.message : String(error) }
    } finally {
      running.delete(id)
    }
  }
  return (message) => {
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort()
      return undefined
    }
    if (message.kind === 'hashEach') {
      const replies = message.hashes.map(({ id, blob }) => hash(id, () => ({ size: blob.size, blob: () => blob })))
      return Promise.all(replies).then((each) => ({ kind: 'each', replies: each }))
    }
    // Messages become jobs in the order they came (each may bring the whole the next ones use):
    // `hash` makes the job before it awaits anything, and an UnknownWhole becomes a `failed` reply.
    return hash(message.id, () => jobOf(message))
  }
}
