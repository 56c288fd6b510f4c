import type { ReadableStore } from './store.js'

/**
 * A store that shows its own value until it follows another store, then shows that one's.
 * The lazily loaded uploader binds React to one of these before its controller exists.
 */
export class FollowingStore<T> implements ReadableStore<T> {
  #own: T
  #source: ReadableStore<T> | undefined
  readonly #listeners = new Set<() => void>()

  constructor(initial: T) {
    this.#own = initial
  }

  getSnapshot = (): T => (this.#source ? this.#source.getSnapshot() : this.#own)

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Shows `value` (while no source is followed). */
  set(value: T): void {
    if (Object.is(value, this.#own)) return
    this.#own = value
    if (!this.#source) this.#notify()
  }

  /** From now on shows `source`; it lives as long as this store, so it is never unsubscribed. */
  follow(source: ReadableStore<T>): void {
    this.#source = source
    source.subscribe(() => this.#notify())
    this.#notify()
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener()
  }
}
