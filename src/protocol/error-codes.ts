/**
 * Every `error.code` the signing endpoint answers with, and the HTTP status it is
 * sent with: one place, so the server, the client's `EndpointError.serverCode`,
 * the mock in `src/testing` and docs/protocol.md cannot drift apart.
 */

/** Every `error.code` the endpoint can send. Stable: clients branch on these. */
export const PresignErrorCode = {
  /** The method was not POST (405). */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** `Origin` (or `Sec-Fetch-Site`) is not one of the server's `allowedOrigins` (403). */
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  /** The body was not sent as `application/json` (415). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The request body was larger than `maxRequestBytes` (413). */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** The body did not arrive within the server's deadline (408; the Node adapter's `bodyTimeoutMs`). */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** The body was empty, not UTF-8 or not JSON (400). */
  INVALID_JSON: 'INVALID_JSON',
  /** The JSON had the wrong shape; the message names the field (400). */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** `operation` was not one the protocol knows (400). */
  UNKNOWN_OPERATION: 'UNKNOWN_OPERATION',
  /** `route` named no route of the handler's `routes` (400). */
  UNKNOWN_ROUTE: 'UNKNOWN_ROUTE',
  /** The declared file size is over the limit (413). */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** The declared MIME type is not in `allowedContentTypes` (400). */
  CONTENT_TYPE_NOT_ALLOWED: 'CONTENT_TYPE_NOT_ALLOWED',
  /** The file name is longer than 4096 characters, or has '/', NUL or unpaired surrogates (400). */
  INVALID_FILE_NAME: 'INVALID_FILE_NAME',
  /** `signParts` asked for more part numbers than allowed in one request (400). */
  TOO_MANY_PARTS: 'TOO_MANY_PARTS',
  /** `getObjects` asked for more keys than allowed in one request (400). */
  TOO_MANY_KEYS: 'TOO_MANY_KEYS',
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
  /** `authorize` refused with status 401. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** `authorize` refused (403). */
  FORBIDDEN: 'FORBIDDEN',
  /** A multipart call named a key outside the caller's prefix (403). */
  KEY_OUTSIDE_PREFIX: 'KEY_OUTSIDE_PREFIX',
  /** `getObjects` with `check`: the store has no object under the key (404). */
  OBJECT_NOT_FOUND: 'OBJECT_NOT_FOUND',
  /** `getObjects` with `check`: the store refused a URL the endpoint had just signed (403). */
  STORE_FORBIDDEN: 'STORE_FORBIDDEN',
  /** `getObjects` with `check`: the store called a just-signed URL expired, so its clock is ahead of the endpoint's (403). */
  STORE_URL_EXPIRED: 'STORE_URL_EXPIRED',
  /** `getObjects` with `check`: the endpoint could not reach the store either (502). */
  STORE_UNREACHABLE: 'STORE_UNREACHABLE',
  /** `confirmUpload` named a key the store does not have (404). */
  UPLOAD_NOT_FOUND: 'UPLOAD_NOT_FOUND',
  /**
   * `confirmUpload` found an object that is not what was allowed or hashed (size, type,
   * ETag); the server deleted it (422).
   */
  UPLOAD_MISMATCH: 'UPLOAD_MISMATCH',
  /** Anything unexpected; details go to `onError`, never to the client (500). */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
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
