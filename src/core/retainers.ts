import type { Clock, TimerHandle } from './clock.js'

/**
 * Counts who holds a controller, and calls `onLastRelease` on the task after the last
 * one lets go: React StrictMode's unmount-then-remount takes it again first, and so
 * keeps the same Uppy instead of building a second one.
 */
export class Retainers {
  #count = 0
  #pending: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    private readonly onLastRelease: () => void,
  ) {}

  /** One more holder; the function it returns lets go (once, however often it is called). */
  retain(): () => void {
    if (this.#pending !== undefined) this.clock.clearTimeout(this.#pending)
    this.#pending = undefined
    this.#count += 1
    let released = false
    return () => {
      if (released) return
      released = true
      this.#count -= 1
      if (this.#count === 0) this.#pending = this.clock.setTimeout(this.onLastRelease, 0)
    }
  }
}
