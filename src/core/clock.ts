/**
 * Time and page visibility, injectable so the signed-URL cache's scheduling can be
 * driven by fake timers in tests and by a simulated clock in benchmarks.
 */

export type TimerHandle = unknown

export interface Clock {
  /** Milliseconds on a clock that only has to agree with itself (never compared with the server's). */
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
