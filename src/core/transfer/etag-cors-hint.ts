import { StorageError } from '../errors.js'
import * as StorageFailure from './storage-failures.js'

/**
 * A multipart part that the store accepted (2xx) but whose `ETag` the browser
 * cannot read means one thing: the bucket's CORS rule does not expose `ETag`.
 * `@uppy/aws-s3` reports it only as "Missing ETag in uploadPart response headers"
 * (S3mini.ts and CompanionS3.ts); this turns that into an error that names the fix.
 * The older AwsS3Multipart plugin named CORS itself (its message is quoted in
 * transloadit/uppy#1762); that the rewrite lost it is not reported upstream as of 2026-12.
 */

// The words @uppy/aws-s3 6 throws with (its message is `[s3mini] Missing ETag in uploadPart response headers`).
const UPPY_MISSING_ETAG = /Missing ETag in uploadPart response/i

export const ETAG_NOT_EXPOSED_MESSAGE =
  'The storage accepted a part of the upload but hid its ETag from the browser. ' +
  'Add "ETag" to the bucket CORS rule\'s ExposeHeaders (on Google Cloud Storage: responseHeader; ' +
  'on MinIO: the server-wide CORS settings); see docs/providers.md.'

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : ''
}

/**
 * The typed error for a hidden `ETag`, or `undefined` when `error` (or its `cause`)
 * is something else. Meant to be tried first when mapping an upload failure.
 */
export function corsHintError(error: unknown): StorageError | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    if (UPPY_MISSING_ETAG.test(messageOf(current))) {
      return StorageFailure.corsMisconfigured(ETAG_NOT_EXPOSED_MESSAGE, { cause: error })
    }
    current = current instanceof Error ? current.cause : undefined
  }
  return undefined
}
