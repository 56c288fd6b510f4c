import { systemClock, type Clock } from '../clock.js'

/** What survives a page reload for a multipart upload in progress. */
export interface ResumeRecord {
  key: string
  uploadId: string
  partSize: number
  size: number
  savedAt: number
}

export interface ResumeStore {
  get(fingerprint: string): ResumeRecord | undefined
  set(fingerprint: string, record: ResumeRecord): void
  delete(fingerprint: string): void
}

const PREFIX = 'rps3:multipart:'
/** Older records are dropped: stores expire incomplete uploads by lifecycle rules anyway. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000

/**
 * Identifies "the same file picked again" without reading it: name, size,
 * type and modification time, plus the endpoint (another endpoint may mean
 * another bucket). A file that changed but kept all four is caught later:
 * each resumed part's ETag is checked against its MD5.
 */
export function fileFingerprint(endpoint: string, file: Blob): string {
  const name = 'name' in file && typeof file.name === 'string' ? file.name : ''
  const modified = 'lastModified' in file && typeof file.lastModified === 'number' ? file.lastModified : 0
  return JSON.stringify([endpoint, name, file.size, file.type, modified])
}

/** `localStorage`, when there is one and it works (private modes may throw); otherwise nothing is kept. */
export function localStorageResumeStore(clock: Clock = systemClock): ResumeStore {
  const storage = readStorage()
  return {
    get(fingerprint) {
      const record = parse(safe(() => storage?.getItem(PREFIX + fingerprint)) ?? null)
      if (record && clock.now() - record.savedAt > MAX_AGE_MS) {
        safe(() => storage?.removeItem(PREFIX + fingerprint))
        return undefined
      }
      return record
    },
    set(fingerprint, record) {
      safe(() => storage?.setItem(PREFIX + fingerprint, JSON.stringify(record)))
    },
    delete(fingerprint) {
      safe(() => storage?.removeItem(PREFIX + fingerprint))
    },
  }
}

function readStorage(): Storage | undefined {
  return safe(() => (typeof localStorage === 'undefined' ? undefined : localStorage))
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}

function parse(text: string | null): ResumeRecord | undefined {
  if (!text) return undefined
  const value = safe(() => JSON.parse(text) as Partial<ResumeRecord>)
  const valid =
    value && typeof value.key === 'string' && typeof value.uploadId === 'string' &&
    typeof value.partSize === 'number' && typeof value.size === 'number' && typeof value.savedAt === 'number'
  return valid ? (value as ResumeRecord) : undefined
}
