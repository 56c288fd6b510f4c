/** The smallest store that `useSyncExternalStore` can bind to; no React here. */
export interface ReadableStore<T> {
  getSnapshot(): T
  subscribe(listener: () => void): () => void
}

export class Store<T> implements ReadableStore<T> {
  #value: T
  readonly #listeners = new Set<() => void>()

  constructor(initial: T) {
    this.#value = initial
  }

  getSnapshot = (): T => this.#value

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  set(value: T): void {
    if (Object.is(value, this.#value)) return
    this.#value = value
    for (const listener of [...this.#listeners]) listener()
  }
}
