/**
 * The `error.code`s a `getObjects` request (the read side) can be answered with: the
 * requests' common refusals and the read's own. `PresignErrorCode` (error-codes.ts) is
 * built from these and the upload operations' codes, so each is defined once; the read
 * side imports only this part (`<SignedImage>` ships no upload code's name).
 */
export const GetObjectsErrorCode = {
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
  /** `getObjects` asked for more keys than allowed in one request (400). */
  TOO_MANY_KEYS: 'TOO_MANY_KEYS',
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
  /** Anything unexpected; details go to `onError`, never to the client (500). */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const

export type GetObjectsErrorCode = (typeof GetObjectsErrorCode)[keyof typeof GetObjectsErrorCode]
