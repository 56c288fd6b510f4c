import { createHash, randomBytes } from 'node:crypto'
import { vi } from 'vitest'
import { blobMd5Base64 } from '../../../src/core/hashing/blob-md5.js'
import { BATCH_BYTES } from '../../../src/core/hashing/hash-batches.js'
import { createMd5Hasher } from '../../../src/core/hashing/md5-hasher.js'
import type { ToMd5Worker } from '../../../src/core/hashing/md5-worker-protocol.js'
import type { Md5WorkerEvents, Md5WorkerPort, StartMd5Worker } from '../../../src/core/hashing/md5-worker-start.js'
import { hashJobs, type HashJob } from '../../../src/core/hashing/serve-hashes.js'

export const nodeMd5Base64 = async (blob: Blob) =>
  createHash('md5').update(new Uint8Array(await blob.arrayBuffer())).digest('base64')

/** A hash a fake worker was sent, as the real worker reads it (serve-hashes.ts `hashJobs`). */
export interface FakeJob {
  id: number
  blob: Blob
  within: HashJob['within']
}

export class FakeWorker implements Md5WorkerPort {
  readonly sent: ToMd5Worker[] = []
  readonly #jobOf = hashJobs()
  readonly #jobs: FakeJob[] = []
  #batch: FakeJob[] | undefined
  terminated = false
  constructor(
    readonly events: Md5WorkerEvents,
    private readonly onSend?: (worker: FakeWorker, message: ToMd5Worker) => void,
  ) {}

  send(message: ToMd5Worker): void {
    this.sent.push(message)
    if (message.kind === 'hash') {
      const job = this.#jobOf(message)
      this.#jobs.push({ id: message.id, blob: job.blob(), within: job.within })
      this.#batch = undefined
    }
    if (message.kind === 'hashEach') {
      this.#batch = message.hashes.map(({ id, blob }) => ({ id, blob, within: undefined }))
      this.#jobs.push(...this.#batch)
    }
    this.onSend?.(this, message)
  }
  terminate(): void {
    this.terminated = true
  }

  /** The hash this worker is on (the last one sent), with its bytes as the real worker would slice them. */
  get current(): FakeJob {
    // Undefined before the first hash (typed as present: tests read it once a hash was sent).
    return this.#jobs[this.#jobs.length - 1]!
  }

  /** The hashes of the last `hashEach` this worker was sent, if the last hash came in one. */
  get batch(): FakeJob[] | undefined {
    return this.#batch
  }

  /** Answers the last message: its one hash, or every hash of a `hashEach` in one `each`. */
  async finish(): Promise<void> {
    const replies = await Promise.all((this.#batch ?? [this.current]).map(async ({ id, blob }) => ({ kind: 'done' as const, id, md5: await nodeMd5Base64(blob) })))
    this.events.onMessage(this.#batch ? { kind: 'each', replies } : replies[0]!)
  }
  fail(message = 'boom'): void {
    this.events.onMessage({ kind: 'failed', id: this.current.id, message })
  }
  crash(): void {
    this.events.onError()
  }
}

/** Workers the pool starts, driven by the test (or by `onSend`); `start` can be made to throw. */
export function fakeWorkers(onSend?: (worker: FakeWorker, message: ToMd5Worker) => void) {
  const workers: FakeWorker[] = []
  const state = { throwOnStart: false }
  const start: StartMd5Worker = (events) => {
    if (state.throwOnStart) throw new DOMException('blocked', 'SecurityError')
    const worker = new FakeWorker(events, onSend)
    workers.push(worker)
    return worker
  }
  return { workers, state, loadWorker: async () => start }
}

/** Lets the pool's pending promise callbacks and timers run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

export const blobs = (count: number) => Array.from({ length: count }, (_, i) => new Blob([randomBytes(1000 + i)]))
/** Too large to share a message with others (hash-batches.ts): each goes to a worker on its own. */
export const bigBlobs = (count: number) => Array.from({ length: count }, (_, i) => new Blob([randomBytes(BATCH_BYTES + 1 + i)]))

/** A pool over fake workers, with its main-thread fallback spied on. */
export function setup(workers = 2) {
  const fakes = fakeWorkers()
  const mainThread = vi.fn(blobMd5Base64)
  const hasher = createMd5Hasher({ workers, loadWorker: fakes.loadWorker, hashOnMainThread: mainThread })
  return { ...fakes, mainThread, hasher }
}
