import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'
import type { Clock } from '../../clock.js'
import { RESTORED_META, type RepickFile } from './options.js'
import { openQueueDb, type PersistedFile, type QueueDb } from './queue-db.js'
import { runSlice, type SliceBudget } from '../../time-slice.js'

type AnyUppy = Uppy<Meta, Body>
type AnyFile = UppyFile<Meta, Body>

/**
 * Records written per task, in one IndexedDB transaction. At most 50: their puts (a structured clone
 * each) run after the clock's budget, and 200 took 60–80 ms on a busy machine as a transaction each.
 */
const SAVE_SLICE: SliceBudget = { max: 50, budgetMs: 8 }

export interface QueueSettings {
  scope: string
  budgetBytes: number
  maxAgeMs: number
  resumeOnReload: 'ask' | 'auto'
  clock: Clock
  /** Called with the files from an earlier visit that must be picked again, and whenever that list changes. */
  onRepick: (files: readonly RepickFile[]) => void
  /** Called once files from an earlier visit are back in Uppy, so their upload can start (or wait paused). */
  onRestored: () => void
  openDb?: () => Promise<QueueDb>
  warn?: (message: string) => void
}

export interface PersistedQueue {
  /** Stops keeping track; what is stored stays for the next visit. */
  detach(): void
  /** Forgets a file that must be picked again. */
  dismissRepick(id: string): void
}

/**
 * Keeps the files of `uppy` that have not landed in IndexedDB, with their data, within a
 * budget, and brings them back on the next visit. Never throws: without IndexedDB, or when
 * the quota is full, it warns once and uploads go on as without it.
 */
export async function startPersistedQueue(uppy: AnyUppy, settings: QueueSettings): Promise<PersistedQueue | undefined> {
  const warn = once(settings.warn ?? ((message) => console.warn(message)))
  let db: QueueDb
  let records: PersistedFile[]
  try {
    db = await (settings.openDb ?? openQueueDb)()
    records = await db.all()
  } catch (error) {
    warn(`react-presigned-s3: files will not be kept across reloads (IndexedDB: ${String(error)}).`)
    return undefined
  }
  const now = settings.clock.now()
  const live: PersistedFile[] = []
  for (const record of records) {
    if (now - record.savedAt > settings.maxAgeMs) void db.delete([record.key]).catch(() => {})
    else live.push(record)
  }
  let used = live.reduce((total, record) => total + (record.data ? record.size : 0), 0)
  const keys = new Map<string, PersistedFile>()
  const mine = live.filter((record) => record.scope === settings.scope)
  let repick = mine.filter((record) => !record.data)

  // Records of files that landed or were removed, deleted in one transaction per task rather than
  // one each inside every upload success (10,000 files: 10,000 commits in the tasks Uppy is busiest in).
  const gone = new Map<string, string>()
  const deleteGone = () => {
    // A file added again meanwhile (same id, same key) is written anew: its record stays.
    const stale = [...gone].filter(([, fileId]) => !keys.has(fileId)).map(([key]) => key)
    gone.clear()
    if (stale.length > 0) db.delete(stale).catch(() => {})
  }
  const forget = (fileId: string) => {
    const record = keys.get(fileId)
    if (!record) return
    keys.delete(fileId)
    if (record.data) used -= record.size
    if (gone.size === 0) settings.clock.setTimeout(deleteGone, 0)
    gone.set(record.key, fileId)
  }
  /** Counts `file` in (with its data if it fits the budget); returns the record to write. */
  const keep = (file: AnyFile): PersistedFile => {
    const data = file.data as Blob
    const record = describe(settings.scope, file, settings.clock.now())
    const fits = used + data.size <= settings.budgetBytes
    keys.set(file.id, fits ? { ...record, data } : record)
    if (fits) used += data.size
    return fits ? { ...record, data: asFile(record, data) } : record
  }
  /** Counts `file` out again, unless it landed or was removed meanwhile (forget() has settled it then). */
  const unkeep = (file: AnyFile): boolean => {
    const record = keys.get(file.id)
    if (!record) return false
    if (record.data) used -= record.size
    keys.delete(file.id)
    return true
  }
  const writeOne = async (file: AnyFile, record: PersistedFile) => {
    try {
      await db.put([record])
    } catch (error) {
      warn(`react-presigned-s3: the browser would not keep ${file.name} for after a reload (${String(error)}); pick it again then.`)
      if (!unkeep(file)) return
      const bare = describe(settings.scope, file, record.savedAt)
      keys.set(file.id, bare)
      await db.put([bare]).catch(() => {})
    }
  }
  /** A slice's files in one transaction; when it aborts (a quota error aborts all of it), file by file. */
  const write = async (files: readonly AnyFile[], records: readonly PersistedFile[]) => {
    if (files.length === 1) return writeOne(files[0]!, records[0]!)
    try {
      await db.put(records)
    } catch {
      // Nothing of the transaction is stored: each file still to keep gets the per-file handling, counted
      // in order (the budget goes to the first files, as in the transaction) and written side by side.
      const left = files.filter((file) => unkeep(file)) // counted out; not those that landed meanwhile
      await Promise.all(left.map(keep).map((record, index) => writeOne(left[index]!, record)))
    }
  }
  const matchRepick = (file: AnyFile) => {
    const match = repick.find((record) => sameFile(file, record))
    if (!match) return
    repick = repick.filter((record) => record !== match)
    db.delete([match.key]).catch(() => {})
    settings.onRepick(repick.map(toRepick))
  }

  // Written over later tasks, SAVE_SLICE files each: a 10,000-file folder wrote its records in the
  // task that added it (1.5 s in Chromium, one IndexedDB transaction per file).
  const toSave: AnyFile[] = []
  /** How many of `toSave` are written (an index, not a splice: that copied the rest of 10,000 each time). */
  let saved = 0
  const saveSlice = () => {
    const files: AnyFile[] = []
    const records: PersistedFile[] = []
    saved = runSlice(toSave.length, saved, SAVE_SLICE, settings.clock, (index) => {
      // Landed or removed meanwhile: nothing to keep. A file already uploading is kept: a reload may come before it lands.
      const file = uppy.getFile(toSave[index]!.id)
      if (!file || file.progress.uploadComplete || keys.has(file.id)) return
      files.push(file)
      records.push(keep(file))
    })
    if (files.length > 0) void write(files, records)
    if (saved < toSave.length) settings.clock.setTimeout(saveSlice, 0)
    else toSave.length = saved = 0
  }
  let restoring = false
  const onAdded = (file: AnyFile) => {
    if (restoring) return
    matchRepick(file)
    if (file.progress.uploadComplete) return
    if (toSave.push(file) === saved + 1) settings.clock.setTimeout(saveSlice, 0)
  }
  const onGone = (file: AnyFile | undefined) => file && forget(file.id)
  const onPause = (file: AnyFile | undefined, isPaused: boolean) => {
    if (file && !isPaused && file.meta[RESTORED_META]) uppy.setFileMeta(file.id, { [RESTORED_META]: false })
  }
  const onResumeAll = () => {
    for (const file of uppy.getFiles()) if (file.meta[RESTORED_META]) uppy.setFileMeta(file.id, { [RESTORED_META]: false })
  }
  uppy.on('file-added', onAdded)
  uppy.on('upload-success', onGone)
  uppy.on('file-removed', onGone)
  uppy.on('upload-pause', onPause)
  uppy.on('resume-all', onResumeAll)

  // Files added while the database was opening.
  for (const file of uppy.getFiles()) onAdded(file)
  restoring = true
  const restored = restore(uppy, mine.filter((record) => record.data), settings.resumeOnReload)
  restoring = false
  for (const [fileId, record] of restored) keys.set(fileId, record)
  const kept = new Set(restored.values())
  for (const record of mine) if (record.data && !kept.has(record)) db.delete([record.key]).catch(() => {})
  if (repick.length > 0) settings.onRepick(repick.map(toRepick))
  if (restored.size > 0) settings.onRestored()

  return {
    detach() {
      uppy.off('file-added', onAdded)
      uppy.off('upload-success', onGone)
      uppy.off('file-removed', onGone)
      uppy.off('upload-pause', onPause)
      uppy.off('resume-all', onResumeAll)
    },
    dismissRepick(id) {
      repick = repick.filter((record) => record.key !== id)
      db.delete([id]).catch(() => {})
      settings.onRepick(repick.map(toRepick))
    },
  }
}

/** Adds the stored files back to Uppy (paused unless `auto`); returns Uppy id → record. */
function restore(uppy: AnyUppy, records: PersistedFile[], mode: 'ask' | 'auto'): Map<string, PersistedFile> {
  const restored = new Map<string, PersistedFile>()
  for (const record of records) {
    const data = asFile(record, record.data!)
    // Picked again before the queue came back (Uppy would refuse the duplicate as a restriction).
    if (uppy.getFiles().some((file) => sameFile(file, record))) continue
    try {
      const fileId = uppy.addFile({
        name: record.name,
        type: record.type,
        data,
        source: 'react-presigned-s3',
        meta: mode === 'ask' ? { [RESTORED_META]: true } : {},
      })
      if (mode === 'ask') uppy.setFileState(fileId, { isPaused: true })
      restored.set(fileId, record)
    } catch {
      // A restriction that changed since, or a duplicate: leave it to the user.
    }
  }
  return restored
}

function sameFile(file: AnyFile, record: PersistedFile): boolean {
  const data = file.data as Blob & { lastModified?: number }
  return file.name === record.name && data.size === record.size && (data.lastModified ?? 0) === record.lastModified
}

function describe(scope: string, file: AnyFile, savedAt: number): PersistedFile {
  const data = file.data as Blob & { lastModified?: number }
  return {
    key: JSON.stringify([scope, file.id]),
    scope,
    fileId: file.id,
    name: file.name ?? 'blob',
    type: file.type ?? '',
    size: data.size,
    lastModified: data.lastModified ?? 0,
    savedAt,
  }
}

/** A `File` with the picked name and date: Chromium wraps a stored blob without copying it. */
function asFile(record: PersistedFile, data: Blob): File {
  if (typeof File !== 'undefined' && data instanceof File && data.name === record.name) return data
  return new File([data], record.name, { type: record.type, lastModified: record.lastModified })
}

function toRepick(record: PersistedFile): RepickFile {
  return { id: record.key, name: record.name, size: record.size }
}

function once(warn: (message: string) => void): (message: string) => void {
  let warned = false
  return (message) => {
    if (warned) return
    warned = true
    warn(message)
  }
}
