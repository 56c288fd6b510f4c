import { useEffect, useMemo } from 'react'
import { systemClock, type Clock } from '../core/clock.js'

/**
 * When `<S3Uploader>` fetches its upload code (Uppy, the transport, the hash worker's) ahead of
 * the first file: `'intent'` when the pointer comes over it, it takes focus or a file is dragged
 * onto it; `'idle'` also once the browser is idle after mount (every page view then fetches the
 * code, even where nobody uploads); `'off'` only with the first file.
 */
export type PrefetchMode = 'intent' | 'idle' | 'off'

/** Handlers for the uploader's root element: each one asks for the code (asking again costs nothing). */
export interface PrefetchTriggers {
  onPointerEnter?: () => void
  onFocus?: () => void
  onDragEnter?: () => void
}

const NO_TRIGGERS: PrefetchTriggers = {}

/** `'idle'` waits no longer than this for the browser to be idle. */
const IDLE_TIMEOUT_MS = 5_000
/** Where there is no `requestIdleCallback`: after mount and the page's first work, not in the middle of it. */
const IDLE_FALLBACK_MS = 1_000

/**
 * The prefetch triggers of `mode`. Only events and an effect ask: nothing is fetched at import
 * or while rendering, so a server render fetches nothing. A disabled uploader asks for nothing.
 */
export function usePrefetch(prefetch: () => void, mode: PrefetchMode, disabled: boolean, clock: Clock = systemClock): PrefetchTriggers {
  const active = mode !== 'off' && !disabled
  useEffect(() => {
    if (!active || mode !== 'idle') return
    return whenIdle(prefetch, clock)
    // Not a dependency: a host's inline clock would re-arm the timer on every render.
  }, [active, mode, prefetch])
  return useMemo(() => (active ? { onPointerEnter: prefetch, onFocus: prefetch, onDragEnter: prefetch } : NO_TRIGGERS), [active, prefetch])
}

function whenIdle(run: () => void, clock: Clock): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS })
    return () => cancelIdleCallback(handle)
  }
  const handle = clock.setTimeout(run, IDLE_FALLBACK_MS)
  return () => clock.clearTimeout(handle)
}
