/**
 * File ids in order; ids that stop waiting are dropped for good. Files start
 * in order, so they leave from the front: dropping them there keeps each scan
 * short instead of re-filtering the whole list.
 */
export class WaitingQueue {
  #ids: string[] = []
  #head = 0
  /** Positions (not ids: a retried file comes back under its id) dropped behind the head. */
  readonly #dropped = new Set<number>()

  push(ids: readonly string[]): void {
    for (const id of ids) this.#ids.push(id)
  }

  /** The waiting ids in order; an id `waiting` says has left is dropped for good. */
  *scan(waiting: (id: string) => boolean): Generator<string> {
    while (this.#head < this.#ids.length && (this.#dropped.has(this.#head) || !waiting(this.#ids[this.#head]!))) {
      this.#dropped.delete(this.#head)
      this.#head += 1
    }
    if (this.#head > 1024 && this.#dropped.size === 0) {
      this.#ids = this.#ids.slice(this.#head)
      this.#head = 0
    }
    for (let index = this.#head; index < this.#ids.length; index++) {
      if (this.#dropped.has(index)) continue
      const id = this.#ids[index]!
      if (waiting(id)) yield id
      else this.#dropped.add(index)
    }
  }
}
