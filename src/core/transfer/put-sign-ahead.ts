import type { FileDescriptor } from '../../protocol/messages.js'
import type { HashAhead } from '../hashing/hash-ahead.js'
import type { TransferContext } from './transfer-context.js'
import { WaitingQueue } from './waiting-queue.js'

/** A small file as signing ahead sees it: undefined once it is gone, `landed` once it is in the store. */
export interface WaitingFile {
  file: FileDescriptor
  landed: boolean
}

/**
 * Keeps the PutObject URLs of the next waiting small files signed ahead (issue 11):
 * whenever fewer than two rounds (`limit * 2`) are signed, or being hashed to be signed,
 * the next ones up to four rounds are hashed (the digest is signed into the URL) and
 * signed in one batch request, so a file waits for its URL only when signing falls behind
 * the transfers. Topping up by one file per freed slot made one-item batches; signing a
 * whole long queue at once would let the last URLs expire.
 */
export class PutSignAhead {
  readonly #context: TransferContext
  readonly #limit: number
  readonly #hashes: HashAhead<string>
  readonly #fileOf: (id: string) => WaitingFile | undefined
  readonly #started: (id: string) => boolean
  /** Small files not started yet, in order. */
  readonly #waiting = new WaitingQueue()
  /** Being hashed to be signed, not signed yet. */
  readonly #hashing = new Set<string>()

  /** `started`: the file took a transfer slot (it signs for itself from then on). */
  constructor(context: TransferContext, limit: number, hashes: HashAhead<string>, fileOf: (id: string) => WaitingFile | undefined, started: (id: string) => boolean) {
    this.#context = context
    this.#limit = limit
    this.#hashes = hashes
    this.#fileOf = fileOf
    this.#started = started
  }

  push(ids: readonly string[]): void {
    this.#waiting.push(ids)
  }

  /** Call when files are added and when one takes a slot (one fewer signed file waits). */
  topUp(): void {
    const { cache } = this.#context
    const low = this.#limit * 2
    const high = this.#limit * 4
    // Looks only as far as it must: signed files come first (they were signed in order), so
    // counting stops at the threshold and collecting at the top. Walking the whole waiting list
    // on each file start made starting n files take n² steps.
    let ahead = 0
    const next: string[] = []
    for (const id of this.#waiting.scan(this.#stillWaiting)) {
      if (cache.hasPut(id) || this.#hashing.has(id)) {
        if (++ahead >= low) return
      } else next.push(id)
      if (ahead + next.length >= high || next.length === 100) break
    }
    if (next.length === 0) return
    if (!this.#context.checksum) {
      cache.prefetchPuts(next.map((id) => ({ fileId: id, file: this.#fileOf(id)!.file })))
      return
    }
    for (const id of next) this.#hashing.add(id)
    const algorithm = this.#context.checksumAlgorithm ?? 'md5'
    const hashed = next.map(async (id) => ({ fileId: id, file: { ...this.#fileOf(id)!.file, [algorithm]: await this.#hashes.peek(id) } }))
    void Promise.allSettled(hashed).then((outcomes) => {
      for (const id of next) this.#hashing.delete(id)
      // A file removed or a hash stopped is left out: its upload hashes and signs for itself.
      const ready = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
      cache.prefetchPuts(ready.filter(({ fileId }) => this.#stillWaiting(fileId)))
      // Transfers may have taken signed files while these were hashed. (Not after nothing was
      // signed: a hash that keeps failing would loop.)
      if (ready.length > 0) this.topUp()
    })
  }

  // Waiting = not in a transfer slot yet. (Files waiting for a slot are already running:
  // counting those as started left nothing to sign ahead once every file had been set up.)
  readonly #stillWaiting = (id: string): boolean => {
    const waiting = this.#fileOf(id)
    return waiting !== undefined && !waiting.landed && !this.#started(id)
  }
}
