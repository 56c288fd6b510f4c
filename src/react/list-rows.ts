import type { RejectedFile } from '../core/rejections.js'
import type { FileStatus, UploadFile } from '../core/upload-state.js'

export type ListRow = { kind: 'file'; file: UploadFile } | { kind: 'rejected'; file: RejectedFile }

/** The rows of the file list, read by index, so a long list is never copied per snapshot to be shown. */
export interface ListRows {
  readonly length: number
  at(index: number): ListRow
  /** A walk: only for rare events (a row removed), never per render. */
  indexOf(id: string): number
}

type Segment = { kind: 'file'; items: readonly UploadFile[] } | { kind: 'rejected'; items: readonly RejectedFile[] }

/** Where each status goes in a long list; a new status makes the compiler ask. */
const PLACE = {
  error: 'failed',
  uploading: 'active',
  'waiting-for-network': 'active',
  paused: 'active',
  resumable: 'active',
  pending: 'rest',
  complete: 'rest',
} as const satisfies Record<FileStatus, 'failed' | 'active' | 'rest'>

// Pure: a call at the top of the entry chunk makes esbuild keep every chunk the entry imports (evanw/esbuild#3704).
const ACTIVE_STATUSES = /* @__PURE__ */ statusesPlaced('active')

/**
 * Few files: in the order they were added, refused ones last. Many files:
 * failed uploads first, then refused files, then those uploading (or paused, or
 * waiting for the network),
 * then the rest in the order they were added: what needs the user, and what is
 * happening now, stays at the top of a list nobody scrolls through.
 */
export function listRows(
  files: readonly UploadFile[],
  rejected: readonly RejectedFile[],
  many: boolean,
  counts: Readonly<Record<FileStatus, number>>,
): ListRows {
  const segments: Segment[] = []
  if (!many) {
    segments.push({ kind: 'file', items: files }, { kind: 'rejected', items: rejected })
  } else if (counts.error + ACTIVE_STATUSES.reduce((sum, status) => sum + counts[status], 0) === 0) {
    segments.push({ kind: 'rejected', items: rejected }, { kind: 'file', items: files })
  } else {
    // One pass, at most once per snapshot (~10 a second).
    const placed = { failed: [] as UploadFile[], active: [] as UploadFile[], rest: [] as UploadFile[] }
    for (const file of files) placed[PLACE[file.status]].push(file)
    const { failed, active, rest } = placed
    segments.push({ kind: 'file', items: failed }, { kind: 'rejected', items: rejected }, { kind: 'file', items: active }, { kind: 'file', items: rest })
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

function statusesPlaced(place: (typeof PLACE)[FileStatus]): FileStatus[] {
  return (Object.keys(PLACE) as FileStatus[]).filter((status) => PLACE[status] === place)
}
