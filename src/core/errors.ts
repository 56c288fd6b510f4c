/**
 * Every failure the library reports is one of these classes, so host apps can
 * branch with `instanceof` and on a stable `code` instead of parsing messages.
 */

/** Codes for failures while talking to the host app's signing endpoint. */
export type EndpointErrorCode =
  /** The endpoint could not be reached (offline, DNS, CORS, connection reset). */
  | 'ENDPOINT_UNREACHABLE'
  /** The endpoint answered with a non-2xx status and no error body we understand. */
  | 'ENDPOINT_HTTP_ERROR'
  /** The endpoint answered 2xx, but not with JSON (an HTML login page, a proxy error page). */
  | 'ENDPOINT_NOT_JSON'
  /** The endpoint answered JSON of the wrong shape for the operation. */
  | 'ENDPOINT_BAD_REPLY'
  /** The endpoint refused the request with its own error code (see `serverCode`). */
  | 'ENDPOINT_REJECTED'

/** Codes for failures while talking to S3 with a presigned URL. */
export type StorageErrorCode =
  /** The store answered with an HTTP error (403 AccessDenied, 400 BadDigest, …). */
  | 'STORAGE_HTTP_ERROR'
  /** The request failed without a readable answer: dropped connection, or an error without CORS headers. */
  | 'STORAGE_NETWORK_ERROR'
  /** The presigned URL had expired before the store saw the request. */
  | 'STORAGE_URL_EXPIRED'
  /** The store answered, but its CORS rules hide what the browser must read (a part's `ETag`). */
  | 'STORAGE_CORS_MISCONFIGURED'
  /** A request made no progress for the stall timeout, on every attempt. */
  | 'STORAGE_STALLED'

export type PresignedS3ErrorCode = EndpointErrorCode | StorageErrorCode

interface ErrorDetails {
  /** HTTP status, when there was an HTTP answer. */
  status?: number | undefined
  cause?: unknown
}

export class PresignedS3Error extends Error {
  readonly code: PresignedS3ErrorCode
  readonly status: number | undefined

  constructor(code: PresignedS3ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'PresignedS3Error'
    this.code = code
    this.status = details.status
  }
}

/** The signing endpoint failed or refused. */
export class EndpointError extends PresignedS3Error {
  /** The `error.code` the endpoint sent (for example `FILE_TOO_LARGE`), if any. */
  readonly serverCode: string | undefined

  constructor(
    code: EndpointErrorCode,
    message: string,
    details: ErrorDetails & { serverCode?: string | undefined } = {},
  ) {
    super(code, message, details)
    this.name = 'EndpointError'
    this.serverCode = details.serverCode
  }
}

/** S3 refused or lost a request made with a presigned URL. */
export class StorageError extends PresignedS3Error {
  /** S3's own error code from the XML body (`AccessDenied`, `SignatureDoesNotMatch`, …), if readable. */
  readonly storageCode: string | undefined

  constructor(
    code: StorageErrorCode,
    message: string,
    details: ErrorDetails & { storageCode?: string | undefined } = {},
  ) {
    super(code, message, details)
    this.name = 'StorageError'
    this.storageCode = details.storageCode
  }
}

export function isPresignedS3Error(error: unknown): error is PresignedS3Error {
  return error instanceof PresignedS3Error
}
