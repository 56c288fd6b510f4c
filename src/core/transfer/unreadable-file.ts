import { PresignedS3Error } from '../errors.js'

/**
 * A picked File is a handle to a file on disk, read when it is hashed and sent. Once that file
 * is deleted or moved, Chromium rejects every read with NotFoundError (NotReadableError once it
 * was changed: its size or time differs from the pick), a Blob stream read with TypeError
 * "network error", and a request with that body fails before it is sent (net::ERR_FILE_NOT_FOUND,
 * net::ERR_UPLOAD_FILE_CHANGED) with nothing but "failed" for XHR and fetch: without a look
 * at the body, a gone file passed for a dropped connection and was retried as one.
 */

/** The file behind `name`'s Blob can no longer be read. Final: the same File will not read again. */
export function fileUnreadable(name: string, cause?: unknown): PresignedS3Error {
  return new PresignedS3Error(
    'FILE_UNREADABLE',
    `${name} could not be read: it was changed, moved or deleted after it was picked. Pick it again.`,
    { cause },
  )
}

export function isFileUnreadable(error: unknown): boolean {
  return error instanceof PresignedS3Error && error.code === 'FILE_UNREADABLE'
}

/**
 * Whether `blob` can still be read, by reading one byte of it. A 0-byte slice reads nothing and
 * succeeds even for a deleted file, so an empty file is read whole (Chromium 156 rejects that).
 * Empty includes a file gone before the page first asked its size: Chromium then says 0.
 */
export async function canRead(blob: Blob): Promise<boolean> {
  try {
    await (blob.size === 0 ? blob : blob.slice(0, 1)).arrayBuffer()
    return true
  } catch {
    return false
  }
}

/**
 * Runs `use`, which reads `body` (hashes it, or sends it); when it fails without an answer from
 * anyone (a read error of the hash, or a request with `STORAGE_NETWORK_ERROR`) and `body` cannot
 * be read any more, it fails with `FILE_UNREADABLE` instead. The check runs only after a failure.
 */
export async function whileReadable<T>(body: Blob, name: string, signal: AbortSignal, use: () => Promise<T>): Promise<T> {
  try {
    return await use()
  } catch (error) {
    if (signal.aborted || !failedWithoutAnswer(error) || (await canRead(body))) throw error
    throw fileUnreadable(name, error)
  }
}

function failedWithoutAnswer(error: unknown): boolean {
  return !(error instanceof PresignedS3Error) || error.code === 'STORAGE_NETWORK_ERROR'
}
