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
  /** Appended to in place (refusing 10,000 files must not copy the list 10,000 times); `list` freezes a copy once per change. */
  #entries: RejectedFile[] = []
  #list: readonly RejectedFile[] | undefined = Object.freeze([])
  #adding: RefusedFile | undefined
  #counter = 0

  get list(): readonly RejectedFile[] {
    this.#list ??= Object.freeze([...this.#entries])
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
    this.#entries.push({ id: `rejected-${this.#counter}`, ...file, error: mapped })
    this.#list = undefined
    return mapped
  }

  dismiss(id: string): void {
    this.#entries = this.#entries.filter((entry) => entry.id !== id)
    this.#list = undefined
  }

  clear(): void {
    if (this.#entries.length === 0) return
    this.#entries = []
    this.#list = undefined
  }
}
