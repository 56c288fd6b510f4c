import { useCallback, useEffect, useState, type RefObject, type UIEvent } from 'react'

/** Rows mounted beyond each edge of the viewport, so Tab and Shift+Tab always find the next row mounted. */
export const OVERSCAN = 4
/** Until measured (and in jsdom, which has no layout): a row's height and the viewport's, in px. */
export const FALLBACK_ROW_PX = 72
export const FALLBACK_VIEWPORT_PX = 384

export interface VirtualRange {
  /** First mounted row. */
  first: number
  /** One past the last mounted row. */
  last: number
  /** Height of every row, in px. */
  rowPx: number
  onScroll: (event: UIEvent<HTMLElement>) => void
}

/**
 * The rows to mount in a scroll container of fixed-height rows: those in view
 * plus a few on each side. Our own ~40 lines rather than @tanstack/react-virtual
 * 3.14: that library adds ~10.5 KB gzip (measured: Vite production build,
 * minified) to an uploader whose whole budget is 28 KB, for variable row
 * heights, horizontal lists and grids we do not need. Rows share one height
 * (set by `--rps3-row-height`), measured from the first mounted row.
 */
export function useVirtualRows(
  count: number,
  enabled: boolean,
  scrollerRef: RefObject<HTMLElement | null>,
): VirtualRange {
  const [rowPx, setRowPx] = useState(FALLBACK_ROW_PX)
  const [viewportPx, setViewportPx] = useState(FALLBACK_VIEWPORT_PX)
  const [scrollTop, setScrollTop] = useState(0)

  useEffect(() => {
    const scroller = scrollerRef.current
    if (!enabled || !scroller) return
    const measure = () => {
      const row = scroller.querySelector('li')
      setViewportPx(scroller.clientHeight || FALLBACK_VIEWPORT_PX)
      setRowPx(row?.offsetHeight || FALLBACK_ROW_PX)
    }
    // Read when the observer first reports, after the browser's own layout: read here, it forced a
    // layout of the whole widget inside the task that mounted the list (a profile of 1000 files
    // had `measure` at 55 ms of one long task). Without an observer (jsdom), here it is.
    if (typeof ResizeObserver === 'undefined') return measure()
    const observer = new ResizeObserver(measure)
    observer.observe(scroller)
    return () => observer.disconnect()
  }, [enabled, scrollerRef])

  const onScroll = useCallback((event: UIEvent<HTMLElement>) => {
    // Re-render only when the mounted range moves, not on every scrolled pixel.
    const top = event.currentTarget.scrollTop
    setScrollTop((previous) => (Math.floor(previous / rowPx) === Math.floor(top / rowPx) ? previous : top))
  }, [rowPx])

  if (!enabled) return { first: 0, last: count, rowPx, onScroll }
  const first = Math.max(0, Math.floor(scrollTop / rowPx) - OVERSCAN)
  const last = Math.min(count, Math.ceil((scrollTop + viewportPx) / rowPx) + OVERSCAN)
  return { first, last, rowPx, onScroll }
}
