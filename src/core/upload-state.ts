import type { Body, Meta, State, UppyFile } from '@uppy/core'
import type { PresignedS3Error } from './errors.js'
import type { RejectedFile } from './rejections.js'
import { networkDownIn } from './transfer/network-watch.js'
import { RESTORED_META } from './transfer/persisted-queue/options.js'

/** `waiting-for-network`: started, and stopped until the browser is back online (no attempt is used up meanwhile). */
/** `resumable`: brought back from an earlier visit and paused until the user resumes it. */
export type FileStatus = 'pending' | 'uploading' | 'waiting-for-network' | 'paused' | 'resumable' | 'complete' | 'error'

/** One file as the UI sees it. Immutable: a new object whenever something about the file changes. */
export interface UploadFile {
  id: string
  name: string
  size: number
  type: string
  status: FileStatus
  bytesUploaded: number
  /** 0 to 1. A 0-byte file is 1 once uploaded. */
  progress: number
  /** The key the object was stored under (set once complete). */
  key?: string
  /** What the server's `onUploadComplete` returned for this file (set once confirmed, when it returned something). */
  serverData?: unknown
  error?: PresignedS3Error
  /** The `File` itself, for previews. */
  data: Blob
}

export type UploadStatus = 'idle' | 'uploading' | 'complete' | 'error'

export interface UploadSnapshot {
  files: readonly UploadFile[]
  status: UploadStatus
  bytesUploaded: number
  bytesTotal: number
  /** 0 to 1 over every file of the current batch. */
  progress: number
  /** How many files are in each status, so a summary needs no walk over `files`. */
  counts: Readonly<Record<FileStatus, number>>
  /** Files that restrictions kept out, with the reason; not part of `files` or the totals. */
  rejected: readonly RejectedFile[]
}

/** A file that landed in the store, as given to `onUploadComplete`. */
export interface UploadedFile<ServerData = unknown> {
  id: string
  name: string
  size: number
  type: string
  key: string
  /**
   * What the server's `onUploadComplete` returned once it confirmed the file (`confirmUpload`);
   * `undefined` when it returned nothing or the endpoint does not confirm.
   */
  serverData?: ServerData
}

export const EMPTY_SNAPSHOT: UploadSnapshot = Object.freeze({
  files: Object.freeze([]),
  status: 'idle',
  bytesUploaded: 0,
  bytesTotal: 0,
  progress: 0,
  counts: Object.freeze(noCounts()),
  rejected: Object.freeze([]),
})

type AnyFile = UppyFile<Meta, Body>

/**
 * The `UploadFile` of each file, kept while nothing shown about it changes.
 * Uppy replaces a file's object whenever the file changes and keeps the
 * others, so an unchanged file costs one lookup per snapshot, and memoised
 * rows (compared by identity) skip it. A replaced object whose fields are all
 * the same as before (a change we do not show) also keeps the old view.
 */
export class FileViews {
  readonly #byObject = new WeakMap<AnyFile, { view: UploadFile; offline: boolean }>()
  readonly #byId = new Map<string, UploadFile>()

  /** `offline` is not on the file object (it is the page's), so it is part of the cache key. */
  view(file: AnyFile, error: PresignedS3Error | undefined, offline: boolean): UploadFile {
    const cached = this.#byObject.get(file)
    if (cached && cached.view.error === error && cached.offline === offline) return cached.view
    const view = reuseIfEqual(toUploadFile(file, error, offline), this.#byId.get(file.id))
    this.#byObject.set(file, { view, offline })
    this.#byId.set(file.id, view)
    return view
  }

  /** The latest view of a file (as of the last snapshot), without a walk over the list. */
  get(fileId: string): UploadFile | undefined {
    return this.#byId.get(fileId)
  }

  /** Drops a removed file's view. */
  forget(fileId: string): void {
    this.#byId.delete(fileId)
  }
}

export function deriveSnapshot(
  state: State<Meta, Body>,
  errors: ReadonlyMap<string, PresignedS3Error>,
  views: FileViews,
  rejected: readonly RejectedFile[],
): UploadSnapshot {
  const files: UploadFile[] = []
  const counts = noCounts()
  const offline = networkDownIn(state.plugins)
  let bytesTotal = 0
  let bytesUploaded = 0
  // One pass for the list, the totals and the counts (at most ~10 times a second, see PublishScheduler).
  for (const id in state.files) {
    const file = views.view(state.files[id] as AnyFile, errors.get(id), offline)
    files.push(file)
    counts[file.status] += 1
    bytesTotal += file.size
    bytesUploaded += file.bytesUploaded
  }
  const progress = bytesTotal > 0 ? bytesUploaded / bytesTotal : files.length > 0 ? counts.complete / files.length : 0
  return { files, status: overallStatus(counts, files.length), bytesUploaded, bytesTotal, progress, counts, rejected }
}

function noCounts(): Record<FileStatus, number> {
  return { pending: 0, uploading: 0, 'waiting-for-network': 0, paused: 0, resumable: 0, complete: 0, error: 0 }
}

function toUploadFile(file: AnyFile, error: PresignedS3Error | undefined, offline = false): UploadFile {
  const size = file.size ?? 0
  const done = file.progress.uploadComplete === true
  const bytesUploaded = done ? size : file.progress.bytesUploaded || 0
  const body = file.response?.body as { key?: unknown; serverData?: unknown } | undefined
  return {
    id: file.id,
    name: file.name,
    size,
    type: file.type,
    status: statusOf(file, error, offline),
    bytesUploaded,
    progress: done ? 1 : size > 0 ? bytesUploaded / size : 0,
    ...(done && typeof body?.key === 'string' ? { key: body.key } : {}),
    ...(done && body?.serverData !== undefined ? { serverData: body.serverData } : {}),
    ...(error ? { error } : {}),
    data: file.data as Blob,
  }
}

function statusOf(file: AnyFile, error: PresignedS3Error | undefined, offline: boolean): FileStatus {
  if (file.progress.uploadComplete) return 'complete'
  if (error || file.error) return 'error'
  if (file.isPaused) return file.meta[RESTORED_META] === true ? 'resumable' : 'paused'
  if (offline && file.progress.uploadStarted) return 'waiting-for-network'
  if (file.progress.uploadStarted) return 'uploading'
  return 'pending'
}

function overallStatus(counts: Readonly<Record<FileStatus, number>>, total: number): UploadStatus {
  if (total === 0) return 'idle'
  // Waiting for the network is still uploading: the upload goes on by itself when it is back.
  if (counts.uploading > 0 || counts['waiting-for-network'] > 0) return 'uploading'
  if (counts.error > 0) return 'error'
  if (counts.complete === total) return 'complete'
  return 'idle'
}

/** Keeps object identity for a file whose fields did not change, so its memoised row does not re-render. */
function reuseIfEqual(next: UploadFile, previous: UploadFile | undefined): UploadFile {
  if (!previous) return next
  const keys = Object.keys(next) as Array<keyof UploadFile>
  const same =
    keys.length === Object.keys(previous).length && keys.every((key) => Object.is(next[key], previous[key]))
  return same ? previous : next
}

/** The files of `successful` that landed with a key, as `onUploadComplete` reports them, read from one snapshot. */
export function landedFiles(snapshot: UploadSnapshot, successful: ReadonlyArray<{ id: string }>): UploadedFile[] {
  const byId = new Map(snapshot.files.map((file) => [file.id, file]))
  const files: UploadedFile[] = []
  for (const { id } of successful) {
    const file = byId.get(id)
    if (!file?.key) continue
    const { name, size, type, key, serverData } = file
    files.push(serverData === undefined ? { id, name, size, type, key } : { id, name, size, type, key, serverData })
  }
  return files
}
