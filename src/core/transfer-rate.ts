/** How quickly old samples fade: after this many milliseconds a sample weighs half. */
const HALF_LIFE_MS = 2000
/** Samples closer together than this are ignored: they say more about timers than about the network. */
const MIN_INTERVAL_MS = 200

export interface TransferRate {
  /** Smoothed bytes per second, or `undefined` until two samples are far enough apart. */
  bytesPerSecond: number | undefined
  /** Seconds until `bytesTotal` at that rate, or `undefined` when unknown. */
  secondsLeft: number | undefined
}

/**
 * Speed as an exponential moving average over time (not over samples), so a
 * burst of ticks does not weigh more than a quiet second, and the time left
 * does not jump about with each progress event.
 */
export class RateMeter {
  #lastBytes: number | undefined
  #lastTime = 0
  #rate: number | undefined

  sample(bytesUploaded: number, bytesTotal: number, timeMs: number): TransferRate {
    if (this.#lastBytes === undefined || bytesUploaded < this.#lastBytes) {
      this.#reset(bytesUploaded, timeMs)
    } else if (timeMs - this.#lastTime >= MIN_INTERVAL_MS) {
      const elapsed = timeMs - this.#lastTime
      const instant = ((bytesUploaded - this.#lastBytes) * 1000) / elapsed
      const weight = 1 - 2 ** (-elapsed / HALF_LIFE_MS)
      this.#rate = this.#rate === undefined ? instant : this.#rate + weight * (instant - this.#rate)
      this.#lastBytes = bytesUploaded
      this.#lastTime = timeMs
    }
    return this.read(bytesUploaded, bytesTotal)
  }

  read(bytesUploaded: number, bytesTotal: number): TransferRate {
    const rate = this.#rate
    const secondsLeft = rate && rate > 0 ? Math.max(0, bytesTotal - bytesUploaded) / rate : undefined
    return { bytesPerSecond: rate, secondsLeft }
  }

  #reset(bytes: number, timeMs: number): void {
    this.#lastBytes = bytes
    this.#lastTime = timeMs
    this.#rate = undefined
  }
}
