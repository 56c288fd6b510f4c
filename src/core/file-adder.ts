import { RestrictionError as UppyRestrictionError, type Body, type Meta, type Uppy, type UppyFile } from '@uppy/core'
import { getFileNameAndExtension, getFileType, getSafeFileId } from '@uppy/core/utils'
import { systemClock, type Clock } from './clock.js'
import type { Rejections } from './rejections.js'
import type { Restrictions } from './restrictions.js'

type AnyUppy = Uppy<Meta, Body>
type AnyFile = UppyFile<Meta, Body>

/**
 * Files checked per task: at least one, then while the task is under SLICE_MS, up to SLICE.
 * The first task too: it held 256 files at least, 51–77 ms in Chromium (bench/widget.mjs, 1000
 * files). The first read of a picked file's `size` is a synchronous stat in the browser process
 * (Chromium 156, measured here: 0.1–0.9 ms a file, and up to 6 ms when the machine is busy, the
 * browser process too; later reads, `type`, `name` and `lastModified` cost next to nothing), and
 * it is most of `toUppyFile`'s time. Uppy's file id and the restrictions both need the size: hence
 * the clock, read after every file (16 files between readings still made 80–106 ms tasks).
 */
const SLICE = 1000
const SLICE_MS = 10
const SOURCE = 'react-presigned-s3'

/**
 * Adds files to Uppy in one state update, checked against the restrictions
 * file by file in order, as `uppy.addFile` would: a file that breaks a rule is
 * refused on its own ('restriction-failed', recorded by `Rejections`) and the
 * rest are added.
 *
 * Not `uppy.addFiles`: in @uppy/core 6.3 it copies the whole files map once
 * per file it adds (https://github.com/transloadit/uppy/pull/5806 re-reads the
 * state after `onBeforeFileAdded` and spreads it into the next state), so
 * 10,000 files took 16 s in one task; and it refuses a whole batch that breaks
 * `maxNumberOfFiles` or `maxTotalFileSize`, where we keep the files that fit.
 * The per-file rules stay Uppy's own (`validateSingleFile`, `onBeforeFileAdded`);
 * only the two totals are counted here, once per file instead of per list.
 */
export class FileAdder {
  readonly #queue: Array<Array<File | Blob>> = []
  #running = false
  #stopped = false

  constructor(
    private readonly uppy: () => AnyUppy,
    private readonly rejections: Rejections,
    private readonly restrictions: () => Restrictions | undefined,
    /** Runs each slice (its refusals, and the state update and events at the end), so the controller publishes once per slice. */
    private readonly around: (commit: () => void) => void,
    /** Called once per batch that added at least one file, in the task after its state update. */
    private readonly onAdded: () => void,
    /** Called for each file accepted, in the slice that checked it, before the batch's state update. */
    private readonly onAccepted: (file: AnyFile) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Synchronous for a slice of files (the picker, a paste); larger batches yield between slices. */
  add(files: Array<File | Blob>): void {
    if (files.length === 0 || this.#stopped) return
    this.#queue.push(files)
    if (!this.#running) this.#next()
  }

  stop(): void {
    this.#stopped = true
    this.#queue.length = 0
  }

  #next(): void {
    const files = this.#queue.shift()
    if (!files || this.#stopped) {
      this.#running = false
      return
    }
    this.#running = true
    const batch = new Batch(this.uppy(), this.rejections, this.restrictions(), this.onAccepted)
    const step = (from: number) => {
      if (this.#stopped) return
      let to = from
      let added = 0
      this.around(() => {
        const deadline = this.clock.now() + SLICE_MS
        to = batch.check(files, from, Math.min(files.length, from + SLICE), () => this.clock.now() >= deadline)
        if (to === files.length) added = batch.commit()
      })
      if (to < files.length) {
        this.clock.setTimeout(() => step(to), 0)
        return
      }
      // In a task of its own: Uppy's `upload()` walks every file (twice), so the list is shown first.
      if (added > 0) this.clock.setTimeout(() => this.#stopped || this.onAdded(), 0)
      this.#next()
    }
    step(0)
  }
}

/** One batch: files checked so far, with the running totals the aggregate rules need. */
class Batch {
  /** Uppy's files plus those accepted so far: what `onBeforeFileAdded` and the duplicate check see. */
  readonly #seen: Record<string, AnyFile>
  readonly #accepted: Record<string, AnyFile> = {}
  readonly #valid: AnyFile[] = []
  #count: number
  #bytes = 0

  constructor(
    private readonly uppy: AnyUppy,
    private readonly rejections: Rejections,
    private readonly restrictions: Restrictions | undefined,
    private readonly onAccepted: (file: AnyFile) => void,
  ) {
    this.#seen = { ...uppy.getState().files }
    let count = 0
    for (const id in this.#seen) {
      const file = this.#seen[id]!
      if (!file.isGhost) count += 1
      this.#bytes += file.size ?? 0
    }
    this.#count = count
  }

  /** Checks the files from `from` to `to`, or fewer (one at least) once `outOfTime` says so; returns where it stopped. */
  check(files: ReadonlyArray<File | Blob>, from: number, to: number, outOfTime: () => boolean): number {
    let index = from
    for (; index < to; index++) {
      if (index > from && outOfTime()) break
      const data = files[index]!
      const name = 'name' in data && typeof data.name === 'string' ? data.name : 'blob'
      let file: AnyFile
      let checked: AnyFile | string
      try {
        file = toUppyFile(this.uppy, name, data)
        checked = this.#check(file)
      } catch (error) {
        // A host's `onBeforeFileAdded` that throws: that file is left out, the others go on (as before, file by file).
        this.uppy.log(`Could not add ${name}: ${String(error)}`, 'warning')
        continue
      }
      if (typeof checked === 'string') {
        const error = new UppyRestrictionError(checked, { file })
        this.rejections.whileAdding({ name, size: data.size, type: data.type }, () => this.uppy.emit('restriction-failed', file, error))
        continue
      }
      this.#seen[checked.id] = checked
      this.#accepted[checked.id] = checked
      this.#valid.push(checked)
      this.#count += 1
      this.#bytes += checked.size ?? 0
      this.onAccepted(checked)
    }
    return index
  }

  /** The file to add, or why it is refused (Uppy's message, which our Uppy locale makes one of our codes). */
  #check(file: AnyFile): AnyFile | string {
    const { uppy } = this
    const verdict = uppy.opts.onBeforeFileAdded(file, this.#seen)
    const existing = this.#seen[file.id]
    if (!verdict && existing && !existing.isGhost) return uppy.i18n('noDuplicates', { fileName: file.name ?? '' })
    // Not one of our rules, so Rejections records nothing, as with `uppy.addFile`.
    if (verdict === false) return 'Cannot add the file because onBeforeFileAdded returned false.'
    const next = typeof verdict === 'object' && verdict !== null ? verdict : file
    const single = uppy.validateSingleFile(next)
    if (single) return single
    const { maxNumberOfFiles, maxTotalFileSize } = this.restrictions ?? {}
    if (maxNumberOfFiles && this.#count + 1 > maxNumberOfFiles) return uppy.i18n('youCanOnlyUploadX', { smart_count: maxNumberOfFiles })
    if (maxTotalFileSize && this.#bytes + (next.size ?? 0) > maxTotalFileSize) return uppy.i18n('aggregateExceedsSize', {})
    return next
  }

  /** Adds the accepted files in one state update and emits what `uppy.addFiles` emits; returns how many. */
  commit(): number {
    const { uppy } = this
    if (this.#valid.length === 0) return 0
    uppy.setState({ files: { ...uppy.getState().files, ...this.#accepted } })
    for (const file of this.#valid) uppy.emit('file-added', file)
    uppy.emit('files-added', this.#valid)
    uppy.log(`Added batch of ${this.#valid.length} files`)
    return this.#valid.length
  }
}

/** The file object `uppy.addFile` would store (its private `#transformFile`), for a local file. */
function toUppyFile(uppy: AnyUppy, name: string, data: File | Blob): AnyFile {
  const descriptor = { name, type: data.type, data, source: SOURCE, isRemote: false as const, remote: undefined }
  const type = getFileType(descriptor)
  const size = Number.isFinite(data.size) ? data.size : null
  return {
    source: SOURCE,
    id: getSafeFileId(descriptor, uppy.getID()),
    name,
    extension: getFileNameAndExtension(name).extension || '',
    meta: { ...uppy.getState().meta, name, type },
    type,
    progress: { percentage: 0, bytesUploaded: false, bytesTotal: size, uploadComplete: false, uploadStarted: null },
    size,
    isGhost: false,
    isRemote: false,
    data,
    preview: undefined,
  } as AnyFile
}
