import { systemClock, type Clock, type TimerHandle } from './clock.js'

/**
 * Decides when a new snapshot reaches subscribers (React). Progress ticks
 * arrive per file per XHR event, hundreds a second with many files: they are
 * folded into at most one publish per `intervalMs`. Changes people must see at
 * once (a file added, removed or failed; a batch starting or ending) publish
 * synchronously, except inside a batch of our own (adding 1000 files), which
 * publishes once at its end.
 */
export class PublishScheduler {
  readonly #flush: () => void
  readonly #intervalMs: number
  readonly #clock: Clock
  #timer: TimerHandle | undefined
  #lastFlush = Number.NEGATIVE_INFINITY
  #batchDepth = 0
  #dirtyInBatch = false

  constructor(flush: () => void, intervalMs = 100, clock: Clock = systemClock) {
    this.#flush = flush
    this.#intervalMs = intervalMs
    this.#clock = clock
  }

  /** Publishes now (or at the end of the current batch). */
  urgent(): void {
    if (this.#batchDepth > 0) {
      this.#dirtyInBatch = true
      return
    }
    this.now()
  }

  /** Publishes within `intervalMs`, sharing one publish with every other tick in that window. */
  progress(): void {
    if (this.#batchDepth > 0) {
      this.#dirtyInBatch = true
      return
    }
    if (this.#timer !== undefined) return
    // Clamped both ways: a wall clock set back must not hold progress for longer than one interval.
    const wait = Math.min(this.#intervalMs, Math.max(0, this.#lastFlush + this.#intervalMs - this.#clock.now()))
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      this.now()
    }, wait)
  }

  /** Publishes synchronously, cancelling a pending progress publish. */
  now(): void {
    this.cancel()
    this.#lastFlush = this.#clock.now()
    this.#flush()
  }

  /** Runs `work` with publishes held back, then publishes once if anything asked to. */
  batch<T>(work: () => T): T {
    this.#batchDepth += 1
    try {
      return work()
    } finally {
      this.#batchDepth -= 1
      if (this.#batchDepth === 0 && this.#dirtyInBatch) {
        this.#dirtyInBatch = false
        this.now()
      }
    }
  }

  cancel(): void {
    if (this.#timer === undefined) return
    this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
