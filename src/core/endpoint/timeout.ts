import type { Clock } from '../clock.js'
import { EndpointError } from '../errors.js'

/** 30 s: an endpoint request with no answer by then fails as unreachable (both sides, and reads). */
export const ENDPOINT_TIMEOUT_MS = 30_000

/** `AbortSignal.timeout` on our clock, so tests drive it and a settled request leaves no timer behind. */
export function timeoutSignal(clock: Clock, ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController()
  const timer = clock.setTimeout(() => controller.abort(new DOMException('The endpoint did not answer in time.', 'TimeoutError')), ms)
  return { signal: controller.signal, clear: () => clock.clearTimeout(timer) }
}

export function toUnreachable(error: unknown): unknown {
  if (error instanceof DOMException && error.name === 'TimeoutError') return EndpointError.timedOut(error)
  return error
}
