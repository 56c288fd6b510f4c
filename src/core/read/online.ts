/**
 * The browser coming back online: the signed-URL cache retries failed refreshes at
 * once instead of waiting out its backoff. Injectable, like `Visibility`, for tests.
 */
export interface Online {
  /** Calls `listener` on each `online` event; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/** `window`'s `online` event, or nothing where there is no window (server, workers). */
export const windowOnline: Online = {
  subscribe(listener) {
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => {}
    window.addEventListener('online', listener)
    return () => window.removeEventListener('online', listener)
  },
}
