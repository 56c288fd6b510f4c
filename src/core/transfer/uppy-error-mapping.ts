import { corsHintError } from './etag-cors-hint.js'
import { PresignedS3Error } from '../errors.js'
import * as StorageFailure from './storage-failures.js'

/**
 * `@uppy/aws-s3` throws its own `S3ServiceError` / `S3NetworkError`, which it
 * does not export (not reported upstream as of 2026-12); recognise them by shape and turn every failure into one of
 * our typed errors. (Expired URLs are recognised earlier, by the retry runner,
 * which knows each request's URL.)
 */
export function toPresignedS3Error(error: unknown): PresignedS3Error {
  if (error instanceof PresignedS3Error) return error
  const corsHint = corsHintError(error)
  if (corsHint) return corsHint
  const status = readNumber(error, 'status')
  if (status !== undefined && status > 0) return StorageFailure.http(status, readString(error, 'serviceCode'), error)
  return StorageFailure.network(error)
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
