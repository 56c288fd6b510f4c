import { StorageError } from '../errors.js'

/**
 * The upload side's `StorageError` factories (`StorageFailure.expired(cause)`), kept
 * off the class: a class's static methods ship wherever the class does, and every
 * `<SignedImage>` needs the class (bench/bundle-attribution.mjs). Imported as a
 * namespace, so each module brings along only the factories it calls.
 */

const EXPIRED_MESSAGE = 'The upload link expired before the upload finished.'

const STORAGE_FAILED = 'The upload to storage failed: the connection dropped or the storage refused it without saying why.'

/** The URL expired before the store saw the request; keeps the status and code of the failure that showed it. */
export function expired(cause?: StorageError | undefined): StorageError {
  return new StorageError('STORAGE_URL_EXPIRED', EXPIRED_MESSAGE, {
    status: cause?.status,
    storageCode: cause?.storageCode,
    cause,
  })
}

/** No readable answer: a dropped connection, or an error without CORS headers. */
export function network(cause?: unknown): StorageError {
  return new StorageError('STORAGE_NETWORK_ERROR', STORAGE_FAILED, { cause })
}

/** Something that is not one of our errors went wrong during an upload. */
export function unexpected(cause: unknown): StorageError {
  return new StorageError('STORAGE_NETWORK_ERROR', `The upload failed unexpectedly: ${String(cause)}`, { cause })
}

/** An HTTP error answer from the store. */
export function http(status: number, storageCode: string | undefined, cause?: unknown): StorageError {
  const message = `The storage refused the upload (${status}${storageCode ? ` ${storageCode}` : ''}).`
  return new StorageError('STORAGE_HTTP_ERROR', message, { status, storageCode, cause })
}

/** No progress for `timeoutMs`. */
export function stalled(timeoutMs: number): StorageError {
  return new StorageError('STORAGE_STALLED', `The upload to storage stopped making progress for ${Math.round(timeoutMs / 1000)} s.`)
}

/** The store's CORS rule hides what the browser must read; `message` names the fix. */
export function corsMisconfigured(message: string, details: { status?: number | undefined; cause?: unknown } = {}): StorageError {
  return new StorageError('STORAGE_CORS_MISCONFIGURED', message, details)
}
