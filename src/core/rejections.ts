import { fromUppyRestriction, type RefusedFile, type RestrictionError, type Restrictions } from './restrictions.js'

/** A file that a restriction kept out of the list, kept so the UI can say why. */
export interface RejectedFile {
  id: string
  name: string
  size: number
  type: string
  error: RestrictionError
}

/**
 * The files Uppy's restrictions refused. Uppy's 'restriction-failed' event
 * has no file for aggregate rules (too many files, total too large), so the
 * controller says which file it is adding while it adds it. That is by design
 * upstream: transloadit/uppy#1726 gave whole-set rules a `null` file.
 */
export class Rejections {
  #list: readonly RejectedFile[] = Object.freeze([])
  #adding: RefusedFile | undefined
  #counter = 0

  get list(): readonly RejectedFile[] {
    return this.#list
  }

  /** Runs `add` with `file` as the file any restriction failure inside it is about. */
  whileAdding<T>(file: RefusedFile, add: () => T): T {
    this.#adding = file
    try {
      return add()
    } finally {
      this.#adding = undefined
    }
  }

  /** Records a refusal from Uppy; returns our typed error, or `undefined` if it was not one of our rules. */
  record(
    uppyFile: { name?: string; size: number | null; type: string } | undefined,
    error: { message: string },
    restrictions: Restrictions | undefined,
  ): RestrictionError | undefined {
    const file = this.#adding ?? (uppyFile ? { name: uppyFile.name ?? '', size: uppyFile.size ?? 0, type: uppyFile.type } : undefined)
    if (!file) return undefined
    const mapped = fromUppyRestriction(error, file, restrictions)
    if (!mapped) return undefined
    this.#counter += 1
    this.#list = Object.freeze([...this.#list, { id: `rejected-${this.#counter}`, ...file, error: mapped }])
    return mapped
  }

  dismiss(id: string): void {
    this.#list = Object.freeze(this.#list.filter((entry) => entry.id !== id))
  }

  clear(): void {
    if (this.#list.length > 0) this.#list = Object.freeze([])
  }
}
