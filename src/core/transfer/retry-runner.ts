import { PresignedS3Error } from '../errors.js'
import type { SignedRequest } from '../../protocol/messages.js'
import { backoffDelay, judgeFailure, sleep, type ResolvedRetryOptions } from './retry-policy.js'

export interface SignedCall<T> {
  /** A signed request; `fresh` asks for a new signature instead of a cached one. */
  sign(fresh: boolean, signal: AbortSignal): Promise<SignedRequest>
  /** Sends it; throws a typed error on failure. */
  send(signed: SignedRequest, signal: AbortSignal): Promise<T>
}

/** After this many 403s in a row the refusal is real, not an expired URL. */
const MAX_FORBIDDEN_IN_A_ROW = 3

/**
 * Sign, send, and on failure decide: back off and resend, re-sign and resend,
 * or give up with a typed error. Bounded by `options.attempts`; aborting the
 * signal stops it at once, even mid-backoff.
 */
export async function callWithRetry<T>(
  call: SignedCall<T>,
  options: ResolvedRetryOptions,
  signal: AbortSignal,
): Promise<T> {
  let fresh = false
  let forbidden = 0
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted()
    let signed: SignedRequest | undefined
    try {
      signed = await call.sign(fresh, signal)
      return await call.send(signed, signal)
    } catch (error) {
      if (signal.aborted) throw signal.reason
      const verdict = judgeFailure(error, signed ?? NEVER_EXPIRES)
      forbidden = isForbidden(error) ? forbidden + 1 : 0
      if (!verdict.retry || attempt >= options.attempts || forbidden >= MAX_FORBIDDEN_IN_A_ROW) {
        throw withAttempts(verdict.error, attempt)
      }
      fresh = verdict.resign
      if (verdict.backoff) await sleep(backoffDelay(attempt, options), signal)
    }
  }
}

const NEVER_EXPIRES: SignedRequest = { method: 'PUT', url: '', headers: {}, expiresAt: '9999-12-31T00:00:00Z' }

function isForbidden(error: unknown): boolean {
  return error instanceof PresignedS3Error && error.status === 403
}

function withAttempts(error: PresignedS3Error, attempts: number): PresignedS3Error {
  if (attempts > 1 && !error.message.includes('attempt')) {
    Object.defineProperty(error, 'message', { value: `${error.message} (after ${attempts} attempts)` })
  }
  return error
}
