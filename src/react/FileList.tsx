import { useRef, useState, type FocusEvent, type RefObject } from 'react'
import { FileRow } from './FileRow.js'
import type { ListRows } from './list-rows.js'
import { RejectedRow } from './RejectedRow.js'
import { useUploaderContext } from './uploader-context.js'
import { OVERSCAN, useVirtualRows } from './use-virtual-rows.js'

interface FileListProps {
  rows: ListRows
  /** Many rows: a scroll container of bounded height in which only the rows in view are mounted. */
  virtual: boolean
  listRef: RefObject<HTMLUListElement | null>
  onRetry: (fileId: string) => void
  onRemove: (fileId: string) => void
  onPause: (fileId: string) => void
  onResume: (fileId: string) => void
  onDismiss: (id: string) => void
}

/** Scrolls by itself (not the page) and stays below the drop zone; hosts size it with `--rps3-list-height`. */
const SCROLLER_STYLE = { overflowY: 'auto', maxBlockSize: 'var(--rps3-list-height, 24rem)' } as const

export function FileList({ rows, virtual, listRef, onRetry, onRemove, onPause, onResume, onDismiss }: FileListProps) {
  const { locale, classNameOf: cx } = useUploaderContext()
  const scrollerRef = useRef<HTMLDivElement>(null)
  const { first, last, rowPx, onScroll } = useVirtualRows(rows.length, virtual, scrollerRef)
  const focused = useFocusedRow(rows, virtual)

  const indices = mountedRows(first, last, focused.index, rows.length)

  const list = (
    <ul
      ref={listRef}
      className={cx('list')}
      aria-label={locale.filesLabel}
      data-virtual={virtual || undefined}
      style={virtual ? { position: 'relative', blockSize: rows.length * rowPx, display: 'block' } : undefined}
      onFocus={focused.onFocus}
      onBlur={focused.onBlur}
    >
      {indices.map((index) => {
        const row = rows.at(index)
        const slot = virtual ? { index, rowPx, setSize: rows.length } : undefined
        return row.kind === 'file' ? (
          <FileRow key={row.file.id} file={row.file} onRetry={onRetry} onRemove={onRemove} onPause={onPause} onResume={onResume} {...slot} />
        ) : (
          <RejectedRow key={row.file.id} file={row.file} onDismiss={onDismiss} {...slot} />
        )
      })}
    </ul>
  )
  if (!virtual) return list
  return (
    <div ref={scrollerRef} className={cx('scroller')} style={SCROLLER_STYLE} onScroll={onScroll}>
      {list}
    </div>
  )
}

/**
 * The rows in view, and the focused row with a few on each side: it stays
 * mounted when scrolled away (focus is never dropped to <body>), and Tab finds
 * the next row mounted at once, before the scroll that focus causes is seen.
 * In index order, which is the DOM order and so the Tab order.
 */
function mountedRows(first: number, last: number, focused: number | undefined, count: number): number[] {
  const indices: number[] = []
  const near = focused === undefined ? undefined : [Math.max(0, focused - OVERSCAN), Math.min(count, focused + OVERSCAN + 1)] as const
  if (near && near[1] < first) for (let index = near[0]; index < near[1]; index++) indices.push(index)
  const from = near && near[0] < first && near[1] >= first ? near[0] : first
  const to = near && near[1] > last && near[0] <= last ? near[1] : last
  for (let index = from; index < to; index++) indices.push(index)
  if (near && near[0] > last) for (let index = near[0]; index < near[1]; index++) indices.push(index)
  return indices
}

/** Which row holds focus, by id (rows move as others are removed or fail) with its last index as a hint. */
function useFocusedRow(rows: ListRows, virtual: boolean) {
  const [focused, setFocused] = useState<{ id: string; index: number } | undefined>(undefined)
  const onFocus = (event: FocusEvent<HTMLUListElement>) => {
    if (!virtual) return
    const item = (event.target as Element).closest<HTMLElement>('li[data-row-id]')
    const id = item?.dataset.rowId
    const index = Number(item?.dataset.index)
    if (id !== undefined && Number.isInteger(index) && (focused?.id !== id || focused.index !== index)) setFocused({ id, index })
  }
  const onBlur = (event: FocusEvent<HTMLUListElement>) => {
    if (focused && !event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(undefined)
  }
  let index: number | undefined
  if (virtual && focused) {
    const hinted = focused.index < rows.length && rows.at(focused.index).file.id === focused.id
    index = hinted ? focused.index : rows.indexOf(focused.id)
    if (index < 0) index = undefined
  }
  return { index, onFocus, onBlur }
}
