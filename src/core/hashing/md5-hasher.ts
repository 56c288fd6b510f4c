import { systemClock, type Clock, type TimerHandle } from '../clock.js'
import type { FromMd5Worker, ToMd5Worker } from './md5-worker-protocol.js'
import type { Md5WorkerPort, StartMd5Worker } from './md5-worker-start.js'
import { takeBatch } from './hash-batches.js'

/** Where a blob was sliced from: the parts of a file hashed in order are then read as one stream (read-blob.ts). */
export interface SliceOf {
  whole: Blob
  start: number
}

/** Computes Content-MD5 for request bodies. */
export interface Md5Hasher {
  /**
   * Base64 MD5 of `blob`, read piece by piece into one buffer (read-blob.ts). Rejects with
   * `signal.reason` once `signal` aborts. `within`: `blob` is `within.whole` sliced at `within.start`.
   */
  md5Base64(blob: Blob, signal?: AbortSignal, within?: SliceOf): Promise<string>
  /** Terminates the workers; hashes still running and any asked for later run on the main thread. */
  close(): void
}

export interface Md5HasherOptions {
  /** Workers at most. Default: one less than `navigator.hardwareConcurrency`, between 2 and 4 (1 on a one-core machine). */
  workers?: number
  /** Loads the worker starter; `null` hashes on the main thread. Default: md5-worker-start.js where `Worker` exists. */
  loadWorker?: (() => Promise<StartMd5Worker>) | null
  /** The fallback. Default: blob-md5.js, loaded when first needed. */
  hashOnMainThread?: (blob: Blob, signal?: AbortSignal) => Promise<string>
  /** Times the idle workers' end. Default: the system clock. */
  clock?: Clock
}

/**
 * Workers end after this long with nothing to hash, and start again for the next hash (in
 * tens of milliseconds). In Chromium 156 a worker that has hashed holds renderer memory (the
 * first ~17 MB, each further ~6; ending four gave back ~12) that a page which uploaded once
 * would otherwise keep for its whole life.
 */
export const WORKER_IDLE_MS = 10_000

/** Workers that fail in a row before the pool stops starting them (a CSP that blocks them fails every one). */
const FAILURES_BEFORE_MAIN_THREAD = 2

/**
 * A pool of Web Workers that hash off the main thread, so the page keeps
 * sending parts while the next parts are hashed.
 *
 * Our own JS MD5 runs in the workers, chosen by bench/hash-candidates.mjs
 * (Chromium, 256 MiB disk-backed File, 4 MiB slices): with the next slice read
 * while one is hashed it ran at 238-275 MiB/s against 231-279 for hash-wasm's
 * WASM MD5 in a worker, the same within the bench machine's noise (in memory,
 * no File read, neither was ahead either), while @noble/hashes' MD5 managed
 * 43-69. At equal speed the smaller code wins: 1.7 KB gzip against 5.0 KB, no
 * dependency, and no `'wasm-unsafe-eval'` for the host's CSP to allow.
 *
 * The workers start from a Blob URL, so a page with a Content-Security-Policy
 * must allow `worker-src blob:` (without `worker-src`, browsers apply
 * `child-src`, then `script-src`, then `default-src`). Where workers cannot
 * run (no `Worker`: SSR, Node, old browsers; a CSP that forbids them; a worker
 * that errors or is terminated) the hash runs on the main thread instead, with
 * the same result: an upload never fails for want of a worker. The worker's
 * code, and the main thread's MD5, load on the first hash, not with the page.
 */
export function createMd5Hasher(options: Md5HasherOptions = {}): Md5Hasher {
  return new Md5WorkerPool(
    options.workers ?? defaultWorkerCount(),
    options.loadWorker !== undefined ? options.loadWorker : defaultLoadWorker(),
    options.hashOnMainThread ?? ((blob, signal) => import('./blob-md5.js').then((m) => m.blobMd5Base64(blob, signal))),
    options.clock ?? systemClock,
  )
}

/**
 * Two at least where there are two cores: with one, on a two-core machine, a
 * 256 MiB upload's parts waited 23-197 ms for their hash each time a
 * connection freed (one worker hashed 8 MiB in ~70 ms while the link took a
 * part every ~60 ms; bench/widget.mjs BENCH_TIMELINE), and with two they did
 * not wait. The page's main thread is mostly idle meanwhile, and a second
 * worker only runs while hashes queue up.
 */
function defaultWorkerCount(): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2
  return Math.min(4, Math.max(Math.min(cores, 2), cores - 1))
}

function defaultLoadWorker(): (() => Promise<StartMd5Worker>) | null {
  if (typeof Worker !== 'function' || typeof Blob !== 'function') return null
  return () => import('./md5-worker-start.js').then((m) => m.startMd5Worker)
}

interface Job {
  id: number
  blob: Blob
  within: SliceOf | undefined
  signal: AbortSignal | undefined
  resolve(md5: string): void
  reject(reason: unknown): void
  settled: boolean
  onAbort(): void
}

interface Slot {
  port: Md5WorkerPort
  /** The hashes sent and not answered yet: one, or a `hashEach`'s; none when the worker is free. */
  jobs: Job[]
  /** The key of the whole blob this worker was last sent: slices of it go with their key alone. */
  holds: number | undefined
}

class Md5WorkerPool implements Md5Hasher {
  readonly #size: number
  readonly #hashOnMainThread: (blob: Blob, signal?: AbortSignal) => Promise<string>
  #loadWorker: (() => Promise<StartMd5Worker>) | null
  #starter: Promise<StartMd5Worker | undefined> | undefined
  readonly #queue: Job[] = []
  readonly #slots = new Set<Slot>()
  #failures = 0
  #nextId = 1
  /** A number per whole blob: a worker cannot tell two posted copies of one File apart from two Files. */
  readonly #keys = new WeakMap<Blob, number>()
  #nextKey = 1

  readonly #clock: Clock
  #idleTimer: TimerHandle | undefined

  constructor(size: number, loadWorker: (() => Promise<StartMd5Worker>) | null, hashOnMainThread: Md5Hasher['md5Base64'], clock: Clock) {
    this.#size = Math.max(1, Math.floor(size))
    this.#loadWorker = loadWorker
    this.#hashOnMainThread = hashOnMainThread
    this.#clock = clock
  }

  md5Base64(blob: Blob, signal?: AbortSignal, within?: SliceOf): Promise<string> {
    if (!this.#loadWorker) return this.#hashOnMainThread(blob, signal)
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<string>((resolve, reject) => {
      const job: Job = {
        id: this.#nextId++,
        blob,
        within,
        signal,
        settled: false,
        resolve: (md5) => this.#settle(job) && resolve(md5),
        reject: (reason) => this.#settle(job) && reject(reason),
        onAbort: () => this.#abort(job),
      }
      signal?.addEventListener('abort', job.onAbort, { once: true })
      this.#queue.push(job)
      this.#clock.clearTimeout(this.#idleTimer)
      void this.#pump()
    })
  }

  close(): void {
    this.#clock.clearTimeout(this.#idleTimer)
    this.#loadWorker = null
    this.#toMainThread()
  }

  /** Marks `job` settled once; false if it already was. */
  #settle(job: Job): boolean {
    if (job.settled) return false
    job.settled = true
    job.signal?.removeEventListener('abort', job.onAbort)
    return true
  }

  #abort(job: Job): void {
    const queued = this.#queue.indexOf(job)
    if (queued >= 0) this.#queue.splice(queued, 1)
    // A running hash stops at its next read; its slot stays busy until the worker replies.
    for (const slot of this.#slots) if (slot.jobs.includes(job)) slot.port.send({ kind: 'cancel', id: job.id })
    job.reject(job.signal!.reason)
  }

  async #pump(): Promise<void> {
    const start = await this.#start()
    while (this.#queue.length > 0) {
      const free = this.#freeSlots()
      const slot = start && this.#loadWorker ? this.#idleSlot(start) : undefined
      if (!slot) break
      slot.jobs = takeBatch(this.#queue, free)
      slot.port.send(this.#message(slot, slot.jobs))
    }
    if (!this.#loadWorker) this.#toMainThread()
    else this.#endWhenIdle()
  }

  /** Once nothing is queued or running, ends the workers after WORKER_IDLE_MS unless a hash comes first. */
  #endWhenIdle(): void {
    if (this.#queue.length > 0 || this.#slots.size === 0) return
    for (const slot of this.#slots) if (slot.jobs.length > 0) return
    this.#clock.clearTimeout(this.#idleTimer)
    this.#idleTimer = this.#clock.setTimeout(() => {
      if (this.#queue.length > 0) return
      for (const slot of this.#slots) {
        if (slot.jobs.length > 0) continue
        slot.port.terminate()
        this.#slots.delete(slot)
      }
    }, WORKER_IDLE_MS)
  }

  /** Workers idle or not started yet: the queue's small blobs are shared out among them. */
  #freeSlots(): number {
    let free = this.#loadWorker ? this.#size - this.#slots.size : 0
    for (const slot of this.#slots) if (slot.jobs.length === 0) free += 1
    return free
  }

  /** A slice goes as its place in the whole, with the whole only if this worker does not hold it yet (md5-worker-protocol.ts). */
  #message(slot: Slot, jobs: Job[]): ToMd5Worker {
    if (jobs.length > 1) return { kind: 'hashEach', hashes: jobs.map(({ id, blob }) => ({ id, blob })) }
    const job = jobs[0]!
    if (!job.within) return { kind: 'hash', id: job.id, blob: job.blob }
    const { whole, start } = job.within
    const key = this.#keyOf(whole)
    const sendWhole = slot.holds !== key
    slot.holds = key
    return { kind: 'hash', id: job.id, within: { key, start, size: job.blob.size, ...(sendWhole && { whole }) } }
  }

  #keyOf(whole: Blob): number {
    let key = this.#keys.get(whole)
    if (key === undefined) this.#keys.set(whole, (key = this.#nextKey++))
    return key
  }

  #start(): Promise<StartMd5Worker | undefined> {
    const load = this.#loadWorker
    if (!load) return Promise.resolve(undefined)
    this.#starter ??= load().catch(() => {
      this.#loadWorker = null
      return undefined
    })
    return this.#starter
  }

  #idleSlot(start: StartMd5Worker): Slot | undefined {
    for (const slot of this.#slots) if (slot.jobs.length === 0) return slot
    if (this.#slots.size >= this.#size || !this.#loadWorker) return undefined
    const slot: Slot = { port: { send() {}, terminate() {} }, jobs: [], holds: undefined }
    try {
      slot.port = start({ onMessage: (message) => this.#onMessage(slot, message), onError: () => this.#onError(slot) })
    } catch {
      this.#loadWorker = null
      return undefined
    }
    this.#slots.add(slot)
    return slot
  }

  #onMessage(slot: Slot, message: FromMd5Worker): void {
    const replies = message.kind === 'each' ? message.replies : [message]
    let answered = false
    for (const reply of replies) {
      const index = slot.jobs.findIndex((job) => job.id === reply.id)
      if (index < 0) continue
      const [job] = slot.jobs.splice(index, 1)
      answered = true
      if (reply.kind === 'done') {
        this.#failures = 0
        job!.resolve(reply.md5)
      } else {
        // A read error comes back from the main thread too; a fault of the worker's own does not.
        this.#onMainThread(job!)
        // Whatever failed, the next slice brings its whole again rather than trust what the worker holds.
        slot.holds = undefined
      }
    }
    if (answered && slot.jobs.length === 0) void this.#pump()
  }

  #onError(slot: Slot): void {
    if (!this.#slots.delete(slot)) return
    slot.port.terminate()
    for (const job of slot.jobs.splice(0)) this.#onMainThread(job)
    this.#failures += 1
    if (this.#failures >= FAILURES_BEFORE_MAIN_THREAD) this.#loadWorker = null
    void this.#pump()
  }

  /** Stops every worker; what they and the queue held runs on the main thread. */
  #toMainThread(): void {
    for (const slot of this.#slots) {
      slot.port.terminate()
      for (const job of slot.jobs.splice(0)) this.#onMainThread(job)
    }
    this.#slots.clear()
    for (const job of this.#queue.splice(0)) this.#onMainThread(job)
  }

  #onMainThread(job: Job): void {
    if (job.settled) return
    this.#hashOnMainThread(job.blob, job.signal).then(job.resolve, job.reject)
  }
}
