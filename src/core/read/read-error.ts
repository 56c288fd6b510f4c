import { EndpointError, type PresignedS3Error } from '../errors.js'
import type { PresignErrorCode } from '../../protocol/error-codes.js'
import type { GetObjectsErrorCode } from '../../protocol/get-objects-error-codes.js'

/**
 * What went wrong with a read, in the words an app shows: `data-error` on
 * `<SignedImage>`, `errorKind` from `useSignedUrl`. Told apart only after a load
 * failed twice, by asking the endpoint to check the key (`getObjects` with `check`).
 */
export type ReadErrorKind = 'not-found' | 'forbidden' | 'expired' | 'network'

/** The endpoint's per-key answers that will not change by asking again (until `refresh()`). */
const FINAL: Partial<Record<PresignErrorCode, ReadErrorKind>> = {
  OBJECT_NOT_FOUND: 'not-found',
  KEY_OUTSIDE_PREFIX: 'forbidden',
  FORBIDDEN: 'forbidden',
  STORE_FORBIDDEN: 'forbidden',
  // Only codes a read can be told (a read's serverCode knows no other, see EndpointError.rejected).
} satisfies Partial<Record<GetObjectsErrorCode, ReadErrorKind>>

/** Answers that name the kind but may heal (a clock put right, a session renewed, a store back). */
const PASSING: Partial<Record<PresignErrorCode, ReadErrorKind>> = {
  UNAUTHORIZED: 'forbidden',
  STORE_URL_EXPIRED: 'expired',
} satisfies Partial<Record<GetObjectsErrorCode, ReadErrorKind>>

function serverCode(error: PresignedS3Error): PresignErrorCode | undefined {
  return error instanceof EndpointError && error.code === 'ENDPOINT_REJECTED' ? error.serverCode : undefined
}

export function readErrorKind(error: PresignedS3Error): ReadErrorKind {
  const code = serverCode(error)
  if (code !== undefined) return FINAL[code] ?? PASSING[code] ?? 'network'
  return error.code === 'STORAGE_URL_EXPIRED' ? 'expired' : 'network'
}

/** Whether the key should stop being re-signed: the answer would be the same. */
export function isFinal(error: PresignedS3Error): boolean {
  const code = serverCode(error)
  return code !== undefined && FINAL[code] !== undefined
}
