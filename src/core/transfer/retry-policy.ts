import { PresignedS3Error, StorageError } from '../errors.js'
import type { SignedRequest } from '../../protocol/messages.js'

export interface RetryOptions {
  /** Tries per request to the store, the first included. Default 6. */
  attempts?: number
  /** First backoff in ms, doubled after each failure, with jitter. Default 500. */
  baseDelayMs?: number
  /** Longest backoff in ms. Default 20 000. */
  maxDelayMs?: number
  /** A request with no progress for this long (ms) is cut and retried. Default 30 000. */
  stallTimeoutMs?: number
}

export type ResolvedRetryOptions = Required<RetryOptions>

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    attempts: Math.max(1, options.attempts ?? 6),
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
  }
}

/**
 * "Equal jitter": half the exponential step for sure, half at random, so
 * clients that failed together do not come back together, and none comes
 * back at once.
 */
export function backoffDelay(failures: number, options: ResolvedRetryOptions, random = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, failures - 1))
  return Math.round(step / 2 + (random() * step) / 2)
}

/** What to do after a failed attempt. */
export type Verdict =
  | { retry: false; error: PresignedS3Error }
  | { retry: true; error: PresignedS3Error; resign: boolean; backoff: boolean }

/** S3 codes for a body that arrived damaged or too slowly: sending it again may work. */
const TRANSIENT_400 = new Set(['BadDigest', 'RequestTimeout', 'IncompleteBody', 'XAmzContentSHA256Mismatch'])

/**
 * Classifies one failure of a request made with `signed`. A 403, or an opaque
 * network failure past the URL's expiry, means an expired URL (stores such as
 * Ceph RGW send their 403s without CORS headers, so the browser sees only
 * "failed"): both re-sign.
 */
export function judgeFailure(error: unknown, signed: SignedRequest, now = Date.now()): Verdict {
  if (!(error instanceof PresignedS3Error)) return { retry: false, error: asUnexpected(error) }
  const expired = now >= Date.parse(signed.expiresAt)
  if (error.code === 'ENDPOINT_UNREACHABLE') return { retry: true, error, resign: false, backoff: true }
  if (!(error instanceof StorageError)) return { retry: false, error }
  if (error.code === 'STORAGE_STALLED') return { retry: true, error, resign: false, backoff: true }
  if (error.code === 'STORAGE_URL_EXPIRED') return { retry: true, error, resign: true, backoff: false }
  if (error.code === 'STORAGE_NETWORK_ERROR') {
    // A live URL is sent again as it is: a new PutObject signature means a new key,
    // and a PUT that landed but lost its answer would then leave a duplicate.
    return { retry: true, error: expired ? expiredError(error) : error, resign: expired, backoff: !expired }
  }
  const status = error.status ?? 0
  if (status === 403) return { retry: true, error: expired ? expiredError(error) : error, resign: true, backoff: false }
  if (status >= 500 || status === 429 || (status === 400 && TRANSIENT_400.has(error.storageCode ?? ''))) {
    return { retry: true, error, resign: false, backoff: true }
  }
  return { retry: false, error }
}

export function expiredError(cause: StorageError): StorageError {
  return new StorageError('STORAGE_URL_EXPIRED', 'The upload link expired before the upload finished.', {
    status: cause.status,
    storageCode: cause.storageCode,
    cause,
  })
}

function asUnexpected(error: unknown): PresignedS3Error {
  return new StorageError('STORAGE_NETWORK_ERROR', `The upload failed unexpectedly: ${String(error)}`, { cause: error })
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
