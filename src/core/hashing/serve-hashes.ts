// The message loop every hashing worker runs (md5-worker.ts, sha256-worker.ts): one `hash`
// at a time as the pool (md5-hasher.ts) sends them, each answered once, cancels honoured.
import type { FromMd5Worker, ToMd5Worker } from './md5-worker-protocol.js'

type HashMessage = Extract<ToMd5Worker, { kind: 'hash' }>

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
  const running = new Map<number, AbortController>()
  const jobOf = hashJobs()
  // Messages become jobs in the order they came (each may bring the whole the next ones use).
  const digestOfMessage = async (message: HashMessage, signal: AbortSignal) => {
    const job = jobOf(message)
    return digestOf(job, signal)
  }
  const reply = (message: FromMd5Worker) => postMessage(message)
  addEventListener('message', (event: MessageEvent<ToMd5Worker>) => {
    const message = event.data
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort()
      return
    }
    const controller = new AbortController()
    running.set(message.id, controller)
    digestOfMessage(message, controller.signal).then(
      (md5) => reply({ kind: 'done', id: message.id, md5 }),
      (error: unknown) => reply({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
    ).finally(() => running.delete(message.id))
  })
}
