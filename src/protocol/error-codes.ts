import { GetObjectsErrorCode } from './get-objects-error-codes.js'

/**
 * Every `error.code` the signing endpoint answers with, and the HTTP status it is
 * sent with: one place, so the server, the client's `EndpointError.serverCode`,
 * the mock in `src/testing` and docs/protocol.md cannot drift apart.
 */

/** Every `error.code` the endpoint can send. Stable: clients branch on these. The read's are in get-objects-error-codes.ts. */
export const PresignErrorCode = {
  ...GetObjectsErrorCode,
  /** The declared file size is over the limit (413). */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** The declared MIME type is not in `allowedContentTypes` (400). */
  CONTENT_TYPE_NOT_ALLOWED: 'CONTENT_TYPE_NOT_ALLOWED',
  /** The file name is longer than 4096 characters, or has '/', NUL or unpaired surrogates (400). */
  INVALID_FILE_NAME: 'INVALID_FILE_NAME',
  /** `signParts` asked for more part numbers than allowed in one request (400). */
  TOO_MANY_PARTS: 'TOO_MANY_PARTS',
  /** `createMultipartUpload` declared no `partSize` while the handler requires one (400). */
  PART_SIZE_REQUIRED: 'PART_SIZE_REQUIRED',
  /** `signParts` asked for a part past the end of the file declared at creation (400). */
  PART_NUMBER_OUT_OF_RANGE: 'PART_NUMBER_OUT_OF_RANGE',
  /**
   * `signParts`, `listParts` or `completeMultipartUpload` on an upload started longer ago
   * than the server's maximum upload age (410); abort is still allowed. Upload the file again.
   */
  UPLOAD_TOO_OLD: 'UPLOAD_TOO_OLD',
  /** A body was to be signed without its MD5 while the handler requires one (`requireChecksum`) (400). */
  CHECKSUM_REQUIRED: 'CHECKSUM_REQUIRED',
  /** A digest of another algorithm than the handler's `checksumAlgorithm` (e.g. `md5` sent to a `sha256` server) (400). */
  CHECKSUM_ALGORITHM_MISMATCH: 'CHECKSUM_ALGORITHM_MISMATCH',
  /** `confirmUpload` named a key the store does not have (404). */
  UPLOAD_NOT_FOUND: 'UPLOAD_NOT_FOUND',
  /**
   * `confirmUpload` found an object that is not what was allowed or hashed (size, type,
   * ETag); the server deleted it (422).
   */
  UPLOAD_MISMATCH: 'UPLOAD_MISMATCH',
} as const

export type PresignErrorCode = (typeof PresignErrorCode)[keyof typeof PresignErrorCode]

/** The HTTP status each code is sent with. */
export const presignErrorStatus: Readonly<Record<PresignErrorCode, number>> = {
  METHOD_NOT_ALLOWED: 405,
  ORIGIN_NOT_ALLOWED: 403,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  INVALID_JSON: 400,
  INVALID_REQUEST: 400,
  UNKNOWN_OPERATION: 400,
  UNKNOWN_ROUTE: 400,
  FILE_TOO_LARGE: 413,
  // 400, not 415: a 415 from this endpoint always means "send application/json",
  // so generic HTTP tooling never confuses the two.
  CONTENT_TYPE_NOT_ALLOWED: 400,
  INVALID_FILE_NAME: 400,
  TOO_MANY_PARTS: 400,
  TOO_MANY_KEYS: 400,
  PART_SIZE_REQUIRED: 400,
  PART_NUMBER_OUT_OF_RANGE: 400,
  // 410 Gone: retrying will not help, only a new upload will.
  UPLOAD_TOO_OLD: 410,
  CHECKSUM_REQUIRED: 400,
  CHECKSUM_ALGORITHM_MISMATCH: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  KEY_OUTSIDE_PREFIX: 403,
  OBJECT_NOT_FOUND: 404,
  STORE_FORBIDDEN: 403,
  STORE_URL_EXPIRED: 403,
  STORE_UNREACHABLE: 502,
  UPLOAD_NOT_FOUND: 404,
  UPLOAD_MISMATCH: 422,
  INTERNAL_ERROR: 500,
}
