import type { RejectedFile } from '../core/rejections.js'
import type { UploadFile } from '../core/upload-state.js'

export type ListRow = { kind: 'file'; file: UploadFile } | { kind: 'rejected'; file: RejectedFile }

/** The rows of the file list, read by index, so a long list is never copied per snapshot to be shown. */
export interface ListRows {
  readonly length: number
  at(index: number): ListRow
  /** A walk: only for rare events (a row removed), never per render. */
  indexOf(id: string): number
}

type Segment = { kind: 'file'; items: readonly UploadFile[] } | { kind: 'rejected'; items: readonly RejectedFile[] }

/**
 * Few files: in the order they were added, refused ones last. Many files:
 * failed uploads first, then refused files, then the rest, so what needs the
 * user is at the top of a list they will not scroll through.
 */
export function listRows(files: readonly UploadFile[], rejected: readonly RejectedFile[], failedFirst: boolean, failedCount: number): ListRows {
  const segments: Segment[] = []
  if (failedFirst && failedCount > 0) {
    segments.push({ kind: 'file', items: files.filter((file) => file.status === 'error') })
    segments.push({ kind: 'rejected', items: rejected })
    segments.push({ kind: 'file', items: files.filter((file) => file.status !== 'error') })
  } else if (failedFirst) {
    segments.push({ kind: 'rejected', items: rejected }, { kind: 'file', items: files })
  } else {
    segments.push({ kind: 'file', items: files }, { kind: 'rejected', items: rejected })
  }
  const length = segments.reduce((total, segment) => total + segment.items.length, 0)
  return {
    length,
    at(index) {
      let offset = index
      for (const segment of segments) {
        if (offset < segment.items.length) {
          return segment.kind === 'file'
            ? { kind: 'file', file: segment.items[offset]! }
            : { kind: 'rejected', file: segment.items[offset]! }
        }
        offset -= segment.items.length
      }
      throw new RangeError(`No row ${index} in a list of ${length}`)
    },
    indexOf(id) {
      let offset = 0
      for (const segment of segments) {
        const found = segment.items.findIndex((item) => item.id === id)
        if (found >= 0) return offset + found
        offset += segment.items.length
      }
      return -1
    },
  }
}

/** Where a row sits in a virtual list (absent when every row is mounted). */
export interface RowSlot {
  index?: number | undefined
  rowPx?: number | undefined
  setSize?: number | undefined
}

/**
 * A row's own attributes: its id (focus after removal finds rows by it) and,
 * in a virtual list, its position, placed absolutely so any mounted subset of
 * rows lays out right, and told to screen readers (row 5 of 2,000).
 */
export function rowAttributes(id: string, { index, rowPx, setSize }: RowSlot) {
  if (index === undefined || rowPx === undefined) return { 'data-row-id': id }
  return {
    'data-row-id': id,
    'data-index': index,
    'aria-posinset': index + 1,
    'aria-setsize': setSize,
    style: {
      position: 'absolute',
      insetInline: 0,
      insetBlockStart: index * rowPx,
      blockSize: 'var(--rps3-row-height, 4.5rem)',
      boxSizing: 'border-box',
      overflow: 'hidden',
    },
  } as const
}
