/**
 * A counting semaphore. Storage requests share one, so no request waits in
 * the browser's own per-host queue, where a stall timer would count time the
 * request has not even started.
 */
export class Limiter {
  #free: number
  readonly #slots: number
  readonly #waiting: Array<() => void> = []

  constructor(slots: number) {
    this.#slots = Math.max(1, Math.floor(slots))
    this.#free = this.#slots
  }

  /** No slot taken and nobody waiting for one. */
  get idle(): boolean {
    return this.#free === this.#slots && this.#waiting.length === 0
  }

  /** Waits for a slot; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.#free > 0) {
      this.#free -= 1
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = () => {
        const index = this.#waiting.indexOf(grant)
        if (index >= 0) this.#waiting.splice(index, 1)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiting.push(grant)
    })
  }

  release(): void {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#free += 1
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal)
    try {
      return await task()
    } finally {
      this.release()
    }
  }
}
