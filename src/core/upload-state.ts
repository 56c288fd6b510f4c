import type { Body, Meta, State, UppyFile } from '@uppy/core'
import type { PresignedS3Error } from './errors.js'
import type { RejectedFile } from './rejections.js'

export type FileStatus = 'pending' | 'uploading' | 'paused' | 'complete' | 'error'

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
  rejected: Object.freeze([]),
})

type AnyFile = UppyFile<Meta, Body>

export function deriveSnapshot(
  state: State<Meta, Body>,
  errors: ReadonlyMap<string, PresignedS3Error>,
  previous: UploadSnapshot,
  rejected: readonly RejectedFile[] = previous.rejected,
): UploadSnapshot {
  const previousById = new Map(previous.files.map((file) => [file.id, file]))
  const files = Object.values(state.files).map((file) =>
    reuseIfEqual(toUploadFile(file, errors.get(file.id)), previousById.get(file.id)),
  )
  const bytesTotal = sum(files, (file) => file.size)
  const bytesUploaded = sum(files, (file) => file.bytesUploaded)
  const doneCount = files.filter((file) => file.status === 'complete').length
  const progress = bytesTotal > 0 ? bytesUploaded / bytesTotal : files.length > 0 ? doneCount / files.length : 0
  return { files, status: overallStatus(files), bytesUploaded, bytesTotal, progress, rejected }
}

function toUploadFile(file: AnyFile, error: PresignedS3Error | undefined): UploadFile {
  const size = file.size ?? 0
  const done = file.progress.uploadComplete === true
  const bytesUploaded = done ? size : file.progress.bytesUploaded || 0
  const body = file.response?.body as { key?: unknown; serverData?: unknown } | undefined
  return {
    id: file.id,
    name: file.name,
    size,
    type: file.type,
    status: statusOf(file, error),
    bytesUploaded,
    progress: done ? 1 : size > 0 ? bytesUploaded / size : 0,
    ...(done && typeof body?.key === 'string' ? { key: body.key } : {}),
    ...(done && body?.serverData !== undefined ? { serverData: body.serverData } : {}),
    ...(error ? { error } : {}),
    data: file.data as Blob,
  }
}

function statusOf(file: AnyFile, error: PresignedS3Error | undefined): FileStatus {
  if (file.progress.uploadComplete) return 'complete'
  if (error || file.error) return 'error'
  if (file.isPaused) return 'paused'
  if (file.progress.uploadStarted) return 'uploading'
  return 'pending'
}

function overallStatus(files: readonly UploadFile[]): UploadStatus {
  if (files.length === 0) return 'idle'
  if (files.some((file) => file.status === 'uploading')) return 'uploading'
  if (files.some((file) => file.status === 'error')) return 'error'
  if (files.every((file) => file.status === 'complete')) return 'complete'
  return 'idle'
}

/** Keeps object identity for unchanged files so memoised rows do not re-render. */
function reuseIfEqual(next: UploadFile, previous: UploadFile | undefined): UploadFile {
  if (!previous) return next
  const keys = Object.keys(next) as Array<keyof UploadFile>
  const same =
    keys.length === Object.keys(previous).length && keys.every((key) => Object.is(next[key], previous[key]))
  return same ? previous : next
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0)
}
