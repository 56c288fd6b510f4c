import { corsHintError } from './etag-cors-hint.js'
import { PresignedS3Error, StorageError } from '../errors.js'

/**
 * `@uppy/aws-s3` throws its own `S3ServiceError` / `S3NetworkError`, which it
 * does not export (not reported upstream as of 2026-12); recognise them by
 * shape and turn every failure into one of our typed errors.
 *
 * An opaque network failure after the URL's expiry is reported as an expired
 * URL: stores such as Ceph RGW answer a 403 without CORS headers, which the
 * browser shows only as a failed request.
 */
export function toPresignedS3Error(error: unknown, urlExpiresAt?: number, now = Date.now()): PresignedS3Error {
  if (error instanceof PresignedS3Error) return error
  const corsHint = corsHintError(error)
  if (corsHint) return corsHint
  const expired = urlExpiresAt !== undefined && now >= urlExpiresAt
  const status = readNumber(error, 'status')
  const storageCode = readString(error, 'serviceCode')
  if (status !== undefined && status > 0) {
    if (expired) return expiredError(error, status, storageCode)
    return new StorageError(
      'STORAGE_HTTP_ERROR',
      `The storage refused the upload (${status}${storageCode ? ` ${storageCode}` : ''}).`,
      { status, storageCode, cause: error },
    )
  }
  if (expired) return expiredError(error, undefined, undefined)
  return new StorageError(
    'STORAGE_NETWORK_ERROR',
    'The upload to storage failed: the connection dropped or the storage refused it without saying why.',
    { cause: error },
  )
}

function expiredError(cause: unknown, status: number | undefined, storageCode: string | undefined): StorageError {
  return new StorageError('STORAGE_URL_EXPIRED', 'The upload link expired before the upload finished.', {
    status,
    storageCode,
    cause,
  })
}

function readNumber(value: unknown, field: string): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const found = (value as Record<string, unknown>)[field]
  return typeof found === 'number' ? found : undefined
}

function readString(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const found = (value as Record<string, unknown>)[field]
  return typeof found === 'string' ? found : undefined
}
