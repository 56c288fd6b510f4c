import type { Body, Meta, Uppy } from '@uppy/core'
import type { Clock } from '../../clock.js'
import { Store, type ReadableStore } from '../../store.js'
import { keepsQueueHere, PERSIST_DEFAULTS, queueScope, RESTORED_META, type PersistOptions, type QueuePlace, type RepickFile } from './options.js'
import type { PersistedQueue } from './persisted-queue.js'
import { UPLOAD_CHUNKS } from '../../upload-chunks.js'

export interface QueueLinkOptions extends PersistOptions, QueuePlace {}

const NONE: readonly RepickFile[] = Object.freeze([])

/**
 * The controller's side of the persisted queue: decides whether there is one, and loads
 * its code only then, so pages that never upload do not ship IndexedDB handling up front.
 */
export class QueueLink {
  readonly #repick = new Store<readonly RepickFile[]>(NONE)
  #queue: Promise<PersistedQueue | undefined> | undefined
  /** The queue once loaded: detaching must happen at once, before Uppy's destroy removes every file. */
  #loaded: PersistedQueue | undefined
  #detached = false

  get repick(): ReadableStore<readonly RepickFile[]> {
    return this.#repick
  }

  static applies(options: QueueLinkOptions): boolean {
    return keepsQueueHere(options)
  }

  start(uppy: Uppy<Meta, Body>, options: QueueLinkOptions, clock: Clock, onRestored: () => void): void {
    if (this.#queue || this.#detached || !QueueLink.applies(options)) return
    this.#queue = UPLOAD_CHUNKS.queue()
      .then(({ startPersistedQueue }) =>
        this.#detached
          ? undefined
          : startPersistedQueue(uppy, {
              scope: queueScope(options),
              budgetBytes: options.persistBudgetBytes ?? PERSIST_DEFAULTS.budgetBytes,
              maxAgeMs: PERSIST_DEFAULTS.maxAgeMs,
              resumeOnReload: options.resumeOnReload ?? 'ask',
              clock,
              onRepick: (files) => this.#repick.set(files.length === 0 ? NONE : files),
              onRestored: () => {
                if (!this.#detached) onRestored()
              },
            }),
      )
      .then((queue) => {
        if (this.#detached) queue?.detach()
        else this.#loaded = queue
        return queue
      })
      .catch((error: unknown) => {
        console.warn(`react-presigned-s3: files will not be kept across reloads (${String(error)}).`)
        return undefined
      })
  }

  dismissRepick(id: string): void {
    void this.#queue?.then((queue) => queue?.dismissRepick(id))
  }

  /** Before Uppy is destroyed: its removing every file must not delete what the next visit resumes. */
  detach(): void {
    this.#detached = true
    this.#loaded?.detach()
  }
}

/**
 * Picking a file again that came back from an earlier visit and still waits for "resume?"
 * resumes it, instead of Uppy refusing the duplicate. Returns the other files, to add.
 */
export function resumeRepicked(uppy: Uppy<Meta, Body>, files: Iterable<File | Blob>, resume: (fileId: string) => void): Array<File | Blob> {
  const waiting = uppy.getFiles().filter((file) => file.meta[RESTORED_META] === true && file.isPaused)
  if (waiting.length === 0) return [...files]
  const rest: Array<File | Blob> = []
  for (const data of files) {
    const match = waiting.find((file) => {
      const kept = file.data as Blob & { lastModified?: number }
      const picked = data as Blob & { name?: string; lastModified?: number }
      return file.name === picked.name && kept.size === picked.size && kept.lastModified === picked.lastModified
    })
    if (match) resume(match.id)
    else rest.push(data)
  }
  return rest
}
