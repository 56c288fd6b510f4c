// Chromium's own account of a process's memory (memory-infra, what chrome://tracing shows):
// an explicitly requested memory dump, per allocator (v8 per isolate, partition_alloc,
// malloc, blink_gc, shared_memory, ...), so RSS growth can be split by who allocated it.
// Only for bench/widget-memory.mjs under BENCH_DUMPS=1: tracing costs time (and the browser
// process's memory: the "all" figure grows by ~100 MB of trace buffer).
import { writeFile } from 'node:fs/promises'

const hex = (value) => (typeof value === 'string' ? Number.parseInt(value, 16) : Number(value ?? 0))

/** Starts tracing with memory-infra; `dump()` takes one dump; `stop()` returns them, per pid: [{ allocator → bytes }]. */
export async function startMemoryDumps(browser) {
  const cdp = await browser.newBrowserCDPSession()
  const events = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value))
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'], memoryDumpConfig: { triggers: [] } },
  })
  return {
    async dump() {
      await cdp.send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail: 'detailed' })
    },
    async stop() {
      await cdp.send('Tracing.end')
      await complete
      await cdp.detach().catch(() => {})
      // BENCH_DUMPS_OUT=file: the raw trace events too, to read every allocator (`summarize` reads them back).
      if (process.env.BENCH_DUMPS_OUT) await writeFile(process.env.BENCH_DUMPS_OUT, JSON.stringify(events))
      return summarize(events)
    },
  }
}

/** Per pid, the dumps in order, each `{ allocator path → size in bytes }` (allocators two levels deep at most). */
export function summarize(events) {
  const byDump = new Map()
  for (const event of events) {
    if (event.ph !== 'v' || !event.args?.dumps) continue
    const key = `${event.id}:${event.pid}`
    const sizes = byDump.get(key)?.sizes ?? {}
    for (const [name, entry] of Object.entries(event.args.dumps.allocators ?? {})) {
      if (name.split('/').length > 3) continue
      const size = entry.attrs?.effective_size ?? entry.attrs?.size
      if (size) sizes[name] = hex(size.value)
    }
    const totals = event.args.dumps.process_totals
    // Chromium's "private memory footprint": what the process alone holds (no shared code pages).
    if (totals?.private_footprint_bytes) sizes.footprint = hex(totals.private_footprint_bytes)
    byDump.set(key, { pid: event.pid, ts: event.ts, sizes })
  }
  const byPid = {}
  for (const { pid, ts, sizes } of [...byDump.values()].sort((a, b) => a.ts - b.ts)) (byPid[pid] ??= []).push(sizes)
  return byPid
}

/** The lines of allocators that grew or shrank by at least `minBytes` between two dumps of one process. */
export function dumpGrowth(before, after, minBytes = 512 * 1024) {
  const names = new Set([...Object.keys(before), ...Object.keys(after)])
  const rows = []
  for (const name of names) {
    const growth = (after[name] ?? 0) - (before[name] ?? 0)
    if (Math.abs(growth) >= minBytes) rows.push({ name, growth, after: after[name] ?? 0 })
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name))
}
