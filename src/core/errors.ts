import type { PresignErrorCode } from '../protocol/error-codes.js'

/**
 * Every failure the library reports is one of these classes, so host apps can
 * branch with `instanceof` and on a stable `code` instead of parsing messages.
 * Call sites build them with named factories (`EndpointError.unreachable(cause)`), so
 * each message is written once; the upload-only ones live in transfer/storage-failures.ts,
 * off the class, so `<SignedImage>` does not ship them.
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

export type PresignedS3ErrorCode =
  | EndpointErrorCode
  | StorageErrorCode
  /** The uploader's own code, loaded with the first file, did not arrive (offline, or the site was redeployed). */
  | 'UPLOADER_NOT_LOADED'
  /** A picked file can no longer be read: it was changed, moved or deleted after it was picked. Only picking it again helps. */
  | 'FILE_UNREADABLE'

interface ErrorDetails {
  /** HTTP status, when there was an HTTP answer. */
  status?: number | undefined
  cause?: unknown
}

export class PresignedS3Error extends Error {
  readonly code: PresignedS3ErrorCode
  readonly status: number | undefined
  /**
   * How many times the request was tried before this error was final, when it was
   * retried (set once by the retry runner; `undefined` for a first-try failure).
   * Kept out of `message`; `describeError` adds it for people.
   */
  attempts: number | undefined

  constructor(code: PresignedS3ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'PresignedS3Error'
    this.code = code
    this.status = details.status
    this.attempts = undefined
  }
}

/** How `describeError` adds the attempts to the message (the uploader's locale can translate it). */
export const AFTER_ATTEMPTS = '{message} (after {attempts} attempts)'

/** The error's message for people, with the attempts made when there were several. */
export function describeError(error: PresignedS3Error, template = AFTER_ATTEMPTS): string {
  if (error.attempts === undefined || error.attempts < 2) return error.message
  const values: Record<string, string> = { message: error.message, attempts: String(error.attempts) }
  return template.replace(/\{(message|attempts)\}/g, (_match, key: string) => values[key] ?? '')
}

const UPLOAD_SERVER = 'The upload server'

/** The signing endpoint failed or refused. */
export class EndpointError extends PresignedS3Error {
  /**
   * The `error.code` the endpoint sent (for example `FILE_TOO_LARGE`), when it is one of
   * the protocol's codes. A code this library does not know (a hand-written or newer
   * server) leaves this `undefined`; the code as sent is always in `sentCode`.
   */
  readonly serverCode: PresignErrorCode | undefined
  /** The `error.code` exactly as the endpoint sent it, known to the protocol or not. */
  readonly sentCode: string | undefined

  constructor(
    code: EndpointErrorCode,
    message: string,
    details: ErrorDetails & { serverCode?: PresignErrorCode | undefined; sentCode?: string | undefined } = {},
  ) {
    super(code, message, details)
    this.name = 'EndpointError'
    this.serverCode = details.serverCode
    this.sentCode = details.sentCode ?? details.serverCode
  }

  /** The endpoint could not be reached (offline, DNS, CORS, connection reset). */
  static unreachable(cause: unknown): EndpointError {
    return new EndpointError('ENDPOINT_UNREACHABLE', `${UPLOAD_SERVER} could not be reached (${describeCause(cause)}).`, { cause })
  }

  /** The endpoint request had no answer within the client's timeout. */
  static timedOut(cause: unknown): EndpointError {
    return new EndpointError('ENDPOINT_UNREACHABLE', `${UPLOAD_SERVER} did not answer in time.`, { cause })
  }

  /** A non-2xx answer without an error body we understand. */
  static http(status: number): EndpointError {
    return new EndpointError('ENDPOINT_HTTP_ERROR', `${UPLOAD_SERVER} answered ${status}.`, { status })
  }

  /** A 2xx answer that is not JSON; an HTML page is named as such, since it is usually a login page. */
  static notJson(status: number, text: string): EndpointError {
    const message = /^\s*</.test(text)
      ? `${UPLOAD_SERVER} answered with an HTML page instead of JSON (a login page or a wrong endpoint URL?).`
      : `${UPLOAD_SERVER} answered with something that is not JSON.`
    return new EndpointError('ENDPOINT_NOT_JSON', message, { status })
  }

  /** JSON of the wrong shape; `detail` names the field. */
  static badReply(detail: string): EndpointError {
    return new EndpointError('ENDPOINT_BAD_REPLY', `${UPLOAD_SERVER} sent a reply this library does not understand: ${detail}.`)
  }

  /**
   * The endpoint's own refusal, with its `error.code`. `codes` are the protocol's codes
   * the request could be answered with (`PresignErrorCode`, or the read's smaller
   * `GetObjectsErrorCode`): the caller names the table, so a read ships no upload code.
   */
  static rejected(codes: KnownCodes, sentCode: string, message: string, status?: number): EndpointError {
    const serverCode = Object.hasOwn(codes, sentCode) ? codes[sentCode] : undefined
    return new EndpointError('ENDPOINT_REJECTED', message || sentCode, { status, serverCode, sentCode })
  }
}

/** A `{ CODE: 'CODE' }` table of protocol error codes (protocol/error-codes.ts). */
export type KnownCodes = Readonly<Record<string, PresignErrorCode>>

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

  /** An `<img>` fired `error` for a signed URL; the browser says no more (ORB hides the store's body). */
  static imageLoad(): StorageError {
    return new StorageError('STORAGE_NETWORK_ERROR', 'The image could not be loaded from storage.')
  }
}

/** Anything that is not already ours becomes an unreachable endpoint (the read side's catch-all). */
export function asEndpointFailure(error: unknown): PresignedS3Error {
  return error instanceof PresignedS3Error ? error : EndpointError.unreachable(error)
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

export function isPresignedS3Error(error: unknown): error is PresignedS3Error {
  return error instanceof PresignedS3Error
}
