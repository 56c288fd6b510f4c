import { systemClock, type Clock } from '../clock.js'
import { PresignedS3Error, StorageError } from '../errors.js'
import type { SignedRequest } from '../../protocol/messages.js'
import { ALWAYS_ONLINE, attemptSignal, untilOnline, WENT_OFFLINE, type TransferNetwork } from './network-watch.js'
import * as StorageFailure from './storage-failures.js'

export interface RetryOptions {
  /** Tries per request to the store, the first included. Default 6. */
  attempts?: number
  /** First backoff in ms, doubled after each failure, with jitter. Default 500. */
  baseDelayMs?: number
  /** Longest backoff in ms. Default 20 000. */
  maxDelayMs?: number
  /**
   * The wait before the next try, in ms, given how many tries failed so far (1 after the
   * first) and the last error, as TanStack Query's `retryDelay`. Replaces the default
   * exponential backoff with equal jitter (`baseDelayMs`, `maxDelayMs`). Only failures that
   * back off ask for it: a re-signed expired URL is sent again at once.
   */
  retryDelay?: (attempt: number, error: PresignedS3Error) => number
  /** A request with no progress for this long (ms) is cut and retried. Default 30 000. */
  stallTimeoutMs?: number
}

export type ResolvedRetryOptions = Required<RetryOptions>

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved = {
    attempts: Math.max(1, options.attempts ?? 6),
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
  }
  return { ...resolved, retryDelay: options.retryDelay ?? ((attempt) => backoffDelay(attempt, resolved)) }
}

/**
 * "Equal jitter": half the exponential step for sure, half at random, so
 * clients that failed together do not come back together, and none comes
 * back at once.
 */
export function backoffDelay(
  failures: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random = Math.random,
): number {
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
export function judgeFailure(error: unknown, signed: SignedRequest | undefined, now: number): Verdict {
  if (!(error instanceof PresignedS3Error)) return { retry: false, error: StorageFailure.unexpected(error) }
  const expired = signed !== undefined && now >= Date.parse(signed.expiresAt)
  if (error.code === 'ENDPOINT_UNREACHABLE') return { retry: true, error, resign: false, backoff: true }
  if (!(error instanceof StorageError)) return { retry: false, error }
  if (error.code === 'STORAGE_STALLED') return { retry: true, error, resign: false, backoff: true }
  if (error.code === 'STORAGE_URL_EXPIRED') return { retry: true, error, resign: true, backoff: false }
  if (error.code === 'STORAGE_NETWORK_ERROR') {
    // A live URL is sent again as it is: a new PutObject signature means a new key,
    // and a PUT that landed but lost its answer would then leave a duplicate.
    return { retry: true, error: expired ? StorageFailure.expired(error) : error, resign: expired, backoff: !expired }
  }
  const status = error.status ?? 0
  if (status === 403) return { retry: true, error: expired ? StorageFailure.expired(error) : error, resign: true, backoff: false }
  if (status >= 500 || status === 429 || (status === 400 && TRANSIENT_400.has(error.storageCode ?? ''))) {
    return { retry: true, error, resign: false, backoff: true }
  }
  return { retry: false, error }
}

export interface SignedCall<T, S extends SignedRequest = SignedRequest> {
  /** A signed request (with whatever the reply carries, e.g. its `key`); `fresh` asks for a new signature. */
  sign(fresh: boolean, signal: AbortSignal): Promise<S>
  /**
   * Sends it and returns what the caller needs from the answer and the reply; throws a typed
   * error on failure. `sends` counts the sends of this call, this one included.
   */
  send(signed: S, signal: AbortSignal, sends: number): Promise<T>
}

/** After this many 403s in a row the refusal is real, not an expired URL. */
const MAX_FORBIDDEN_IN_A_ROW = 3

/**
 * Sign, send, and on failure decide: back off and resend, re-sign and resend,
 * or give up with a typed error whose `attempts` says how many tries were made.
 * Bounded by `options.attempts`; aborting the signal stops it at once, even mid-backoff.
 * Offline is a pause, not a failure (see `retryWhileOnline`). A URL that expired meanwhile
 * is re-signed by the cache when the call signs again.
 */
export async function callWithRetry<T, S extends SignedRequest>(
  call: SignedCall<T, S>,
  options: ResolvedRetryOptions,
  signal: AbortSignal,
  clock: Clock = systemClock,
  network: TransferNetwork = ALWAYS_ONLINE,
): Promise<T> {
  let fresh = false
  let forbidden = 0
  let sends = 0
  let signed: S | undefined
  return retryWhileOnline(
    async (trySignal) => {
      // Cleared first: a try whose signing fails is judged without the last try's URL and its expiry.
      signed = undefined
      signed = await call.sign(fresh, trySignal)
      return call.send(signed, trySignal, ++sends)
    },
    async (error, attempt) => {
      const verdict = judgeFailure(error, signed, clock.now())
      forbidden = isForbidden(error) ? forbidden + 1 : 0
      if (!verdict.retry || attempt >= options.attempts || forbidden >= MAX_FORBIDDEN_IN_A_ROW) {
        // A shared error (one batch reply for many files) keeps the count of the first call that gave up.
        if (attempt > 1) verdict.error.attempts ??= attempt
        throw verdict.error
      }
      fresh = verdict.resign
      if (verdict.backoff) await sleep(options.retryDelay(attempt, verdict.error), signal, clock)
    },
    signal,
    network,
  )
}

/**
 * Tries `attempt` until it succeeds, asking `failed` after each failure: it throws to give
 * up, or returns (after any backoff) to try again. While `network` is down nothing is tried,
 * and a try cut or failed by the network going down is not a failure: `failed` is not asked
 * and the try is not counted. Every call to the endpoint or the store goes through here, so
 * none of them can use up its attempts during an outage.
 */
export async function retryWhileOnline<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  failed: (error: unknown, attempts: number) => Promise<void>,
  signal: AbortSignal,
  network: TransferNetwork = ALWAYS_ONLINE,
): Promise<T> {
  for (let attempts = 1; ; ) {
    signal.throwIfAborted()
    await untilOnline(network, signal)
    const tryOnce = attemptSignal(network, signal)
    try {
      const result = await attempt(tryOnce.signal)
      network.answered()
      return result
    } catch (error) {
      if (signal.aborted) throw signal.reason
      if (tryOnce.signal.reason === WENT_OFFLINE || wentOffline(error, network)) continue
      await failed(error, attempts)
      attempts += 1
    } finally {
      tryOnce.dispose()
    }
  }
}

/** Tells `network` how the try went; true when it failed for want of a network that is now down. */
function wentOffline(error: unknown, network: TransferNetwork): boolean {
  if (!(error instanceof PresignedS3Error)) return false
  if (error.code !== 'STORAGE_NETWORK_ERROR' && error.code !== 'ENDPOINT_UNREACHABLE') {
    if (error.status !== undefined) network.answered()
    return false
  }
  network.failed()
  return !network.isOnline()
}

function isForbidden(error: unknown): boolean {
  return error instanceof PresignedS3Error && error.status === 403
}

/** Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal, clock: Clock = systemClock): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clock.clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
