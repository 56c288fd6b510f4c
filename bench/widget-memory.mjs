// Where the memory of a big upload goes: one 2 GiB disk-backed File through the
// fetch loop, stock Uppy 6 and the real <S3Uploader>, and the widget again
// with one feature off at a time (Content-MD5, the reload queue), in Chromium
// against Ceph RGW on loopback. Per run: time, peak and end growth of the page's
// JS heap, its ArrayBuffer backing stores, its workers' JS heaps, the renderer's
// RSS (workers and Blob reads included) and every Chromium process's, plus a coarse timeline.
// Prints figures; asserts nothing. bench/widget.mjs's `memory` case is the
// figure the issue quotes; this one splits it.
//
//   BENCH_RUNS=1          alternating runs of every contender (default 1)
//   BENCH_SCALE=0.25      shrink the file
//   BENCH_ONLY=raw,widget contenders to run (names below)
//   BENCH_CORES=1         navigator.hardwareConcurrency in the page (sizes the hasher pool)
//   BENCH_DUMPS=1         also Chromium's memory-infra dumps: each allocator's growth in the renderer
//   BENCH_DUMPS_OUT=file  with BENCH_DUMPS, the raw trace events too
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { emptyBucket, startRgw } from '../tools/rgw/rgw.mjs'
import { checkBucket } from './support/bucket-check.mjs'
import { bigFile } from './support/bench-files.mjs'
import { dumpGrowth, startMemoryDumps } from './support/memory-dumps.mjs'
import { startMemorySampler } from './support/memory-sampler.mjs'
import { buildWidgetApp, loadServerModule, startWidgetServer } from './support/widget-server.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium-flags.mjs'

const MiB = 1024 * 1024
const RUNS = Number(process.env.BENCH_RUNS ?? 1)
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const SIZE = Math.round(2048 * MiB * SCALE)
const LAYOUT = { concurrency: 6, threshold: 100 * MiB, partSize: 8 * MiB }

const CONTENDERS = {
  raw: { contender: 'raw' },
  stock: { contender: 'stock' },
  widget: { contender: 'widget' },
  'widget-no-md5': { contender: 'widget', options: { checksum: false } },
  'widget-no-queue': { contender: 'widget', options: { resumeAfterReload: false } },
  'widget-neither': { contender: 'widget', options: { checksum: false, resumeAfterReload: false } },
}
const ONLY = process.env.BENCH_ONLY?.split(',') ?? Object.keys(CONTENDERS)

const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(0)}` : '—')

async function runOnce(browser, server, { contender, options }) {
  const context = await browser.newContext()
  const page = await context.newPage()
  try {
    // BENCH_CORES=n: what navigator.hardwareConcurrency says in the page (the hasher pool sizes itself by it).
    if (process.env.BENCH_CORES) await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), Number(process.env.BENCH_CORES))
    const query = new URLSearchParams({ contender, ...LAYOUT, ...(options && { options: JSON.stringify(options) }) })
    await page.goto(`${server.url}/?${query}`)
    await page.waitForFunction(() => window.widgetBench?.ready, null, { timeout: 60_000 })
    const sampler = await startMemorySampler(browser, page)
    const dumps = process.env.BENCH_DUMPS ? await startMemoryDumps(browser) : undefined
    await dumps?.dump()
    const dumping = dumps && setInterval(() => dumps.dump().catch(() => {}), 8000)
    await page.getByLabel('Files to upload', { exact: true }).setInputFiles(files.map((file) => file.path))
    await page.waitForFunction(() => window.widgetBench.endedAt > 0 || window.widgetBench.errors.length > 0, null, { timeout: 30 * 60_000, polling: 250 })
    clearInterval(dumping)
    await dumps?.dump()
    if (dumps) printDumps(await dumps.stop(), await rendererPids(browser))
    const memory = await sampler.stop()
    const record = await page.evaluate(() => window.widgetBench)
    if (record.errors.length) throw new Error(`${record.errors.length} errors, first: ${record.errors[0]}`)
    return { ms: record.endedAt - record.startedAt, ...memory }
  } finally {
    await context.close()
  }
}

/** One figure's growth (renderer RSS unless told) every ~`every` ms, in MB, so a steady climb tells apart from a one-off peak. */
function timeline(samples, key = 'renderer', every = 2000) {
  const points = []
  for (const sample of samples) if (points.length === 0 || sample.ms - points.at(-1).ms >= every) points.push(sample)
  return points.map((p) => mb(p[key])).join(' ')
}

async function rendererPids(browser) {
  const cdp = await browser.newBrowserCDPSession()
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo')
  await cdp.detach()
  return new Set(processInfo.filter((p) => p.type === 'renderer').map((p) => String(p.id)))
}

/** Allocators printed: the top level (they do not overlap, and add up to about the footprint) and where the top ones go. */
const DUMP_ROWS = /^(footprint|[a-z_]+|v8\/(main|workers)|malloc\/(allocated_objects|partitions)|partition_alloc\/partitions\/[a-z_]+|blink_gc\/(main|workers))$/

/** BENCH_DUMPS=1: in the renderer whose footprint grew most, what each allocator grew by from the baseline to its largest footprint, and to the last dump. */
function printDumps(byPid, renderers) {
  const growthOf = (list) => Math.max(...list.map((sizes) => sizes.footprint ?? 0)) - (list[0].footprint ?? 0)
  const [pid, list] = Object.entries(byPid).filter(([pid, list]) => renderers.has(pid) && list.length >= 2).sort(([, a], [, b]) => growthOf(b) - growthOf(a))[0] ?? []
  if (!list) return
  const peak = list.reduce((top, sizes) => ((sizes.footprint ?? 0) > (top.footprint ?? 0) ? sizes : top))
  const last = dumpGrowth(list[0], list.at(-1), 0)
  console.log(`  renderer ${pid}, memory-infra growth in MB from the baseline to its largest footprint (dump ${list.indexOf(peak)} of ${list.length - 1}) and (to the last, at the end):`)
  const rows = dumpGrowth(list[0], peak, 256 * 1024).filter((row) => DUMP_ROWS.test(row.name))
  console.log(rows.map((row) => `    ${row.name.padEnd(36)} ${(row.growth / MiB).toFixed(1).padStart(6)} (${((last.find((r) => r.name === row.name)?.growth ?? 0) / MiB).toFixed(1)})`).join('\n'))
}

let files
async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rps3-bench-memory-'))
  const rgw = await startRgw({ memstoreBytes: 2 * SIZE + 1024 * MiB, log: (m) => console.log(`[rgw] ${m}`) })
  const outDir = path.join(dir, 'page')
  await buildWidgetApp(outDir)
  const loaded = await loadServerModule()
  let browser, server
  try {
    server = await startWidgetServer({ outDir, server: loaded.server, storage: rgw })
    files = await bigFile(dir, 'two-gib.bin', SIZE)
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
    console.log(`Memory of 1 × ${(SIZE / MiB).toFixed(0)} MiB — Chromium ${browser.version()}, ${RUNS} run(s), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    console.log('growth over the baseline in MB: peak / after the upload and a GC; renderer timeline every ~2 s')
    for (let run = 0; run < RUNS; run++) {
      const names = run % 2 === 0 ? ONLY : [...ONLY].reverse()
      for (const name of names) {
        try {
          const r = await runOnce(browser, server, CONTENDERS[name])
          await checkBucket(rgw, files)
          console.log(`${name.padEnd(16)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  heap ${mb(r.heap)}/${mb(r.heapEnd)}  buffers ${mb(r.buffers)}/${mb(r.buffersEnd)}  ` +
            `workers' heaps ${mb(r.workerHeap)}/${mb(r.workerHeapEnd)} (${r.workers} at most, ${r.workersEnd} at the end)  ` +
            `renderer ${mb(r.renderer)}/${mb(r.rendererEnd)} (private ${mb(r.rendererPrivate)}/${mb(r.rendererPrivateEnd)}: anon ${mb(r.rendererAnon)}/${mb(r.rendererAnonEnd)}, file ${mb(r.rendererFile)}/${mb(r.rendererFileEnd)}, shmem ${mb(r.rendererShmem)}/${mb(r.rendererShmemEnd)})  all ${mb(r.total)}/${mb(r.totalEnd)}  load ${os.loadavg()[0].toFixed(1)}`)
          console.log(`${''.padEnd(16)} renderer: ${timeline(r.timeline)}`)
          console.log(`${''.padEnd(16)} renderer anon: ${timeline(r.timeline, 'rendererAnon')}`)
          console.log(`${''.padEnd(16)} renderer file: ${timeline(r.timeline, 'rendererFile')}`)
          console.log(`${''.padEnd(16)} workers' heaps: ${timeline(r.timeline, 'workerHeap')}`)
          console.log(`${''.padEnd(16)} page heap: ${timeline(r.timeline, 'heap')}`)
        } catch (error) {
          console.log(`${name.padEnd(16)} FAILED: ${error.message}`)
        }
        await emptyBucket(rgw)
      }
    }
  } finally {
    await browser?.close()
    await server?.close()
    await loaded.close()
    await rgw.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
