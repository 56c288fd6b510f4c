import { useCallback, useEffect, useRef, type RefObject } from 'react'

/**
 * After a row's Remove (or Dismiss) button removes its own row, focus would
 * fall to <body>. Move it to the same button of the row that took its place,
 * else the previous row's, else `fallback` (the Choose files button).
 * Returns a stable `beforeRemove(rowId)` so memoised rows do not re-render.
 */
export function useFocusAfterRemoval(
  listRef: RefObject<HTMLUListElement | null>,
  fallback: RefObject<HTMLButtonElement | null>,
  rowIds: readonly string[],
): (rowId: string) => void {
  const pending = useRef<{ id: string; index: number } | undefined>(undefined)
  const latestIds = useRef(rowIds)
  latestIds.current = rowIds

  useEffect(() => {
    const target = pending.current
    if (!target || rowIds.includes(target.id)) return
    pending.current = undefined
    const rows = listRef.current ? Array.from(listRef.current.children) : []
    const row = rows[Math.min(target.index, rows.length - 1)]
    const button = row?.querySelector<HTMLButtonElement>('[data-action="remove"]') ?? row?.querySelector('button')
    ;(button ?? fallback.current)?.focus()
  })

  return useCallback((rowId: string) => {
    pending.current = { id: rowId, index: Math.max(0, latestIds.current.indexOf(rowId)) }
  }, [])
}
