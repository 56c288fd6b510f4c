/**
 * Time and page visibility, injectable so every timer and "now" in core (the signed-URL
 * cache's scheduling, upload backoff and stall timers, URL expiry checks, snapshot
 * publishing) can be driven by fake timers in tests and by a simulated clock in benchmarks.
 * Nothing in core calls `setTimeout` or `Date.now()` except through a `Clock`.
 */

export type TimerHandle = unknown

export interface Clock {
  /**
   * Epoch milliseconds on this machine's clock. Compared with URL deadlines that were
   * already laid onto this clock (see endpoint/url-lifetime.ts), never with the server's.
   */
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** Looked up on each call, so fake timers installed after import are still used. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export interface Visibility {
  isHidden(): boolean
  /** Calls `listener` when the page is shown or hidden; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/** `document.visibilityState`, or always visible where there is no document (server, workers). */
export const documentVisibility: Visibility = {
  isHidden: () => typeof document !== 'undefined' && document.visibilityState === 'hidden',
  subscribe(listener) {
    if (typeof document === 'undefined') return () => {}
    document.addEventListener('visibilitychange', listener)
    return () => document.removeEventListener('visibilitychange', listener)
  },
}
