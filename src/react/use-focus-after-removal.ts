import { useCallback, useEffect, useRef, type RefObject } from 'react'
import type { ListRows } from './list-rows.js'

/**
 * After a row's Remove (or Dismiss) button removes its own row, focus would
 * fall to <body>. Move it to the same button of the row that took its place,
 * else the previous row's, else `fallback` (the Choose files button).
 * Rows are found by id, since a virtual list mounts only some of them.
 * Returns a stable `beforeRemove(rowId)` so memoised rows do not re-render.
 */
export function useFocusAfterRemoval(
  listRef: RefObject<HTMLUListElement | null>,
  fallback: RefObject<HTMLButtonElement | null>,
  rows: ListRows,
): (rowId: string) => void {
  const pending = useRef<{ id: string; index: number } | undefined>(undefined)
  const latestRows = useRef(rows)
  latestRows.current = rows

  useEffect(() => {
    const target = pending.current
    if (!target) return
    const at = Math.min(target.index, rows.length - 1)
    if (at >= 0 && rows.at(at).file.id === target.id) return // not removed (yet)
    if (rows.indexOf(target.id) >= 0) return
    pending.current = undefined
    const id = at >= 0 ? rows.at(at).file.id : undefined
    const row = Array.from(listRef.current?.querySelectorAll<HTMLElement>('li[data-row-id]') ?? []).find(
      (item) => item.dataset.rowId === id,
    )
    const button = row?.querySelector<HTMLButtonElement>('[data-action="remove"]') ?? row?.querySelector('button')
    ;(button ?? fallback.current)?.focus()
  })

  return useCallback((rowId: string) => {
    pending.current = { id: rowId, index: Math.max(0, latestRows.current.indexOf(rowId)) }
  }, [])
}
