import { PresignedS3Error, type PresignedS3ErrorCode } from './errors.js'

/**
 * Whether trying a failed file again may succeed, by its error's code. Where it cannot, the
 * row offers no Retry (its message says what to do instead) and the uploader keeps nothing of
 * the file for a retry: a multipart upload it started is aborted in the store.
 */
const RETRY_HELPS = {
  ENDPOINT_UNREACHABLE: true,
  ENDPOINT_HTTP_ERROR: true,
  ENDPOINT_NOT_JSON: true,
  ENDPOINT_BAD_REPLY: true,
  ENDPOINT_REJECTED: true,
  STORAGE_HTTP_ERROR: true,
  STORAGE_NETWORK_ERROR: true,
  STORAGE_URL_EXPIRED: true,
  STORAGE_CORS_MISCONFIGURED: true,
  STORAGE_STALLED: true,
  UPLOADER_NOT_LOADED: true,
  // The browser will not read the File again, even once the file is back where it was.
  FILE_UNREADABLE: false,
} as const satisfies Record<PresignedS3ErrorCode, boolean>

/** Whether Retry may help a file that failed with `error` (a failure that is not one of ours, or none known: yes). */
export function retryHelps(error: unknown): boolean {
  return !(error instanceof PresignedS3Error) || RETRY_HELPS[error.code]
}
