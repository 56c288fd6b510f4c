import { createHash } from 'node:crypto'
import type { ToMd5Worker } from '../../../src/core/hashing/md5-worker-protocol.js'
import type { Md5WorkerEvents, Md5WorkerPort, StartMd5Worker } from '../../../src/core/hashing/md5-worker-start.js'

export const nodeMd5Base64 = async (blob: Blob) =>
  createHash('md5').update(new Uint8Array(await blob.arrayBuffer())).digest('base64')

export class FakeWorker implements Md5WorkerPort {
  readonly sent: ToMd5Worker[] = []
  terminated = false
  constructor(
    readonly events: Md5WorkerEvents,
    private readonly onSend?: (worker: FakeWorker, message: ToMd5Worker) => void,
  ) {}

  send(message: ToMd5Worker): void {
    this.sent.push(message)
    this.onSend?.(this, message)
  }
  terminate(): void {
    this.terminated = true
  }

  /** The hash request this worker is on (the last one sent). */
  get current(): Extract<ToMd5Worker, { kind: 'hash' }> {
    const hashes = this.sent.filter((message) => message.kind === 'hash')
    return hashes[hashes.length - 1]!
  }

  async finish(): Promise<void> {
    const { id, blob } = this.current
    this.events.onMessage({ kind: 'done', id, md5: await nodeMd5Base64(blob) })
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
