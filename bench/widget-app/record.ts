// What the page reports to bench/widget.mjs on `window.widgetBench`: when the files
// arrived (the file input's `change`), when the last one landed, and every
// long main-thread task, the same for each contender; with `?counters=1` (BENCH_DEBUG) what it asked for (counters.ts).
import { startCounters, type Counters } from './counters.js'

export interface BenchRecord {
  ready: boolean
  /** The file input's `change`, seen before any contender's own handler (page clock, ms). */
  startedAt: number
  /** The same `change` once every handler (the contender's own included) has run: what ours costs inside that task. */
  handledAt: number
  endedAt: number
  landed: number
  expected: number
  errors: string[]
  longTasks: Array<{ start: number; duration: number }>
  counters?: Counters
}

declare global {
  interface Window {
    widgetBench: BenchRecord
  }
}

export const record: BenchRecord = { ready: false, startedAt: 0, handledAt: 0, endedAt: 0, landed: 0, expected: 0, errors: [], longTasks: [] }
window.widgetBench = record
const readCounters = new URLSearchParams(location.search).has('counters') ? startCounters(() => record.startedAt) : undefined

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) record.longTasks.push({ start: entry.startTime, duration: entry.duration })
}).observe({ type: 'longtask', buffered: true })

// Capture phase on window: runs before React's delegated listener and before the plain inputs' own.
window.addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement
  if (input.type !== 'file') return
  record.startedAt = performance.now()
  record.expected = input.files?.length ?? 0
}, { capture: true })
window.addEventListener('change', (event) => {
  if ((event.target as HTMLInputElement).type === 'file') record.handledAt = performance.now()
})

export function landed(count: number): void {
  record.landed += count
  if (record.landed >= record.expected && record.endedAt === 0) {
    record.endedAt = performance.now()
    record.counters = readCounters?.()
  }
}

export function failed(message: string): void {
  record.errors.push(message)
}
