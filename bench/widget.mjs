// The real <S3Uploader> (files handed to its own file input) against a
// hand-written fetch loop and stock Uppy 6, in Chromium against Ceph RGW on
// loopback, integrity on (Content-MD5, the widget's default). Each case runs
// the three alternately, BENCH_RUNS times (default 3) on fresh browser
// contexts; the table shows medians and each one's ratio to the fetch loop.
// Every run is checked (object count, names, sizes, sampled bytes) and the
// bucket emptied before the next. Prints figures; asserts nothing.
//
//   BENCH_ONLY=big,rtt,1000,2000,10000,memory   run only those cases
//   BENCH_SCALE=0.1                              shrink every file count and big-file size (a quick check)
//   BENCH_DEBUG=1                                also list each run's long tasks and counts (signing POSTs, batch sizes, worker messages, PUTs in flight: widget-app/counters.ts)
//   BENCH_REQUESTS=1                             also count the endpoint requests and their batch sizes per operation
//   BENCH_PROFILE=1                              also print the widget's hottest functions per run (unminified build)
//   BENCH_PROFILE=tasks                          and what each of its 15 longest tasks spent time on (BENCH_PROFILE_TASKS=n)
//   BENCH_CORES=4                                the page's navigator.hardwareConcurrency (the hasher pool is sized by it)
//   BENCH_TIMELINE=1                             also print the widget's part timeline per multipart run (hash, URL, PUT)
//
// The fetch loop and stock Uppy send no Content-MD5 (their server signs without one); "fetch
// loop + MD5" is the same loop with integrity on, as the widget has it: what hashing costs.
//
// Time = from the file input's `change` (what setInputFiles fires) to the last
// file landed (onUploadComplete for the widget, the loop's or Uppy's promise for the others),
// measured in the page; the contenders sign through the same endpoint, so signing is in all three.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { emptyBucket, startRgw } from '../tools/rgw/rgw.mjs'
import { startFaultProxy } from '../tools/fault-proxy.mjs'
import { checkBucket } from './support/bucket-check.mjs'
import { bigFile, smallFiles } from './support/bench-files.mjs'
import { startCpuMeter } from './support/cpu-meter.mjs'
import { startProfile } from './support/cpu-profile.mjs'
import { startPartTimeline, summarize } from './support/part-timeline.mjs'
import { startMemorySampler } from './support/memory-sampler.mjs'
import { buildWidgetApp, loadServerModule, startWidgetServer } from './support/widget-server.mjs'
import { printTable } from './support/widget-table.mjs'
import { describeTally } from './support/request-tally.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium-flags.mjs'

const MiB = 1024 * 1024
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const ONLY = process.env.BENCH_ONLY?.split(',')
const CONTENDERS = process.env.BENCH_CONTENDERS?.split(',') ?? ['raw', 'rawmd5', 'stock', 'widget']
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_S ?? 30 * 60) * 1000

const scaled = (n) => Math.max(1, Math.round(n * SCALE))
const size = (bytes) => (bytes >= 1024 * MiB ? `${+(bytes / 1024 / MiB).toFixed(1)} GiB` : `${+(bytes / MiB).toFixed(1)} MiB`)
// The library's defaults at scale 1; shrunk with the files so a big file still goes up in several parts.
const LAYOUT = { concurrency: 6, threshold: scaled(100 * MiB), partSize: Math.max(5 * MiB, scaled(8 * MiB)) }

const CASES = [
  { id: 'big', title: `1 × ${size(scaled(256 * MiB))}`, files: (dir) => bigFile(dir, 'big.bin', scaled(256 * MiB)), goal: '≤ 1.10' },
  { id: 'rtt', title: `1 × ${size(scaled(256 * MiB))}, +40 ms per round trip`, files: (dir) => bigFile(dir, 'big.bin', scaled(256 * MiB)), slow: true, goal: '≤ 1.25' },
  { id: '1000', title: `${scaled(1000)} × 4 KiB`, files: (dir) => smallFiles(dir, 'k1', scaled(1000), 4096), goal: '≤ 0.95' },
  { id: '2000', title: `${scaled(2000)} × 4 KiB`, files: (dir) => smallFiles(dir, 'k2', scaled(2000), 4096), goal: '≤ 0.95' },
  { id: '10000', title: `${scaled(10000).toLocaleString('en')} × 1 KiB`, files: (dir) => smallFiles(dir, 'k10', scaled(10000), 1024), goal: 'report' },
  { id: 'memory', title: `1 × ${size(scaled(2048 * MiB))}, memory`, files: (dir) => bigFile(dir, 'two-gib.bin', scaled(2048 * MiB)), memory: true, goal: '≤ 64 MB growth' },
].filter((c) => !ONLY || ONLY.includes(c.id))

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN
}

/** One upload on a fresh context: the page's own timing, its longest task within it, memory if asked. */
async function runOnce(browser, server, contender, files, memory, cephConf) {
  const context = await browser.newContext()
  const page = await context.newPage()
  if (process.env.BENCH_DEBUG) page.on('console', (message) => console.log(`    [page ${message.type()}] ${message.text()}`))
  try {
    // BENCH_CORES=n: what navigator.hardwareConcurrency says in the page (the hasher pool sizes itself by it).
    if (process.env.BENCH_CORES) await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), Number(process.env.BENCH_CORES))
    const timeline = process.env.BENCH_TIMELINE && contender === 'widget' ? await startPartTimeline(page) : undefined
    const query = new URLSearchParams({ contender, threshold: LAYOUT.threshold, partSize: LAYOUT.partSize, concurrency: LAYOUT.concurrency })
    // BENCH_WIDGET_OPTIONS='{"confirmUploads":false}': extra <S3Uploader> props, to split a cost by feature.
    if (process.env.BENCH_WIDGET_OPTIONS) query.set('options', process.env.BENCH_WIDGET_OPTIONS)
    if (process.env.BENCH_DEBUG) query.set('counters', '1')
    await page.goto(`${server.url}/?${query}`)
    await page.waitForFunction(() => window.widgetBench?.ready, null, { timeout: 60_000 })
    const sampler = memory ? await startMemorySampler(browser, page) : undefined
    const profile = process.env.BENCH_PROFILE && contender === 'widget' ? await startProfile(page, { top: 10 }) : undefined
    server.takeTally()
    const cpu = await startCpuMeter(browser, cephConf)
    await page.getByLabel('Files to upload', { exact: true }).setInputFiles(files.map((file) => file.path))
    await page.waitForFunction(() => window.widgetBench.endedAt > 0 || window.widgetBench.errors.length > 0, null, { timeout: RUN_TIMEOUT_MS, polling: 250 })
    const { timeline: _timeline, ...grown } = (await sampler?.stop()) ?? {}
    const used = await cpu.stop()
    const profiled = await profile?.stop()
    if (profiled) console.log(`    most self time:\n${profiled.hot.map(({ ms, name }) => `      ${ms.toFixed(0).padStart(6)} ms  ${name}`).join('\n')}`)
    const record = await page.evaluate(() => window.widgetBench)
    if (profiled && process.env.BENCH_PROFILE === 'tasks') printTasks(profiled.tasks(record.longTasks.filter((task) => task.start > record.startedAt)), record.startedAt)
    if (timeline) printTimeline(await timeline.read(), record)
    if (timeline && process.env.BENCH_TIMELINE_OUT) await (await import('node:fs/promises')).writeFile(process.env.BENCH_TIMELINE_OUT, JSON.stringify({ record, events: await timeline.read() }))
    if (record.errors.length) throw new Error(`${record.errors.length} errors, first: ${record.errors[0]}`)
    if (contender === 'widget') await widgetSaysDone(page, files.length)
    const during = record.longTasks.filter((task) => task.start + task.duration >= record.startedAt && task.start <= record.endedAt)
    if (record.counters) console.log(`    counts: ${JSON.stringify(record.counters, (key, value) => (typeof value === 'number' && !Number.isInteger(value) ? +value.toFixed(2) : value))}`)
    if (used.threads) console.log(`    CPU by thread: ${Object.entries(used.threads).map(([name, seconds]) => `${name} ${seconds.toFixed(2)}`).join(', ')}`)
    const tally = server.takeTally()
    if (tally) console.log(`    ${describeTally(tally)}`)
    if (process.env.BENCH_DEBUG) console.log(`    long tasks (start after change + duration, ms): ${during.map((t) => `${(t.start - record.startedAt).toFixed(0)}+${t.duration.toFixed(0)}`).join(' ')}`)
    // The task that dispatched `change` is Playwright's setInputFiles (building the File objects) with the
    // contender's change handler inside it: counted apart, with the handler's own share.
    const harness = during.find((task) => task.start <= record.startedAt && record.startedAt <= task.start + task.duration)
    const after = during.filter((task) => task !== harness)
    return {
      ms: record.endedAt - record.startedAt,
      longest: Math.max(0, ...after.map((task) => task.duration)),
      harness: harness?.duration ?? 0,
      inChange: record.handledAt - record.startedAt,
      cpu: used.chromium + used.store + used.node,
      cpuParts: used,
      ...grown,
    }
  } finally {
    await context.close()
  }
}

/** BENCH_PROFILE=tasks: what each long task after the harness's own spent its time on, longest first. */
function printTasks(tasks, startedAt) {
  const frames = (list) => list.map(({ ms, name }) => `${ms.toFixed(0)} ${name}`).join(' · ')
  for (const task of [...tasks].sort((a, b) => b.duration - a.duration).slice(0, Number(process.env.BENCH_PROFILE_TASKS ?? 15))) {
    console.log(`    task at ${(task.start - startedAt).toFixed(0)} ms, ${task.duration.toFixed(0)} ms\n      in: ${frames(task.inclusive)}\n      self: ${frames(task.self)}`)
  }
}

function printTimeline(events, record) {
  const s = summarize(events, record.startedAt, record.endedAt, LAYOUT.concurrency)
  if (s.table.length === 0) return
  if (process.env.BENCH_TIMELINE === 'parts') console.log(`    ${s.startup}\n${s.table.join('\n')}`)
  const ms = (value) => `${value.toFixed(0)} ms`
  console.log(`    part slots busy ${s.slotsBusy.toFixed(2)} of ${LAYOUT.concurrency} on average, hashes running ${s.hashesRunning.toFixed(2)} (one lasts ${ms(s.meanHash)}); ` +
    `first PUT at ${ms(s.firstPut)}, a PUT lasts ${ms(s.meanPut)}; after a slot frees the next part waits ${ms(s.waitAfterFree)} ` +
    `(for its hash ${ms(s.waitForHash)}, then for its URL ${ms(s.waitForUrl)}); hashed ${ms(s.hashedAheadMs)} before its PUT`)
}

/** The live region must agree with onUploadComplete (it is what a screen reader hears). */
async function widgetSaysDone(page, count) {
  const n = count.toLocaleString('en')
  await page.waitForFunction((text) => document.querySelector('[role="status"]')?.textContent?.includes(text), `${n} of ${n}`, { timeout: 10_000 })
}

async function runCase(browser, servers, rgw, dir, spec) {
  console.log(`\n${spec.title}: writing files…`)
  const files = await spec.files(dir)
  const results = Object.fromEntries(CONTENDERS.map((name) => [name, []]))
  for (let run = 0; run < RUNS; run++) {
    // Alternate the order too, so that drift in the machine's load does not favour one contender.
    const order = run % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse()
    for (const contender of order) {
      let result
      try {
        result = await runOnce(browser, spec.slow ? servers.slow : servers.direct, contender, files, spec.memory, rgw.cephConf)
        await checkBucket(rgw, files)
      } catch (error) {
        result = { ms: NaN, longest: NaN, failed: error.message }
      }
      results[contender].push(result)
      const memory = spec.memory ? `, heap +${(result.heap / MiB).toFixed(1)} MB, renderer +${(result.renderer / MiB).toFixed(1)} MB (+${(result.rendererEnd / MiB).toFixed(1)} after; private +${(result.rendererPrivate / MiB).toFixed(1)}; peak of its kinds: anon +${(result.rendererAnon / MiB).toFixed(1)}, file +${(result.rendererFile / MiB).toFixed(1)}, shmem +${(result.rendererShmem / MiB).toFixed(1)})` : ''
      const c = result.cpuParts
      const cpu = c ? `, CPU ${result.cpu.toFixed(2)} s (renderer ${c.renderer.toFixed(2)}, rest of Chromium ${(c.chromium - c.renderer).toFixed(2)}${process.env.BENCH_DEBUG ? ` [browser ${c.browser.toFixed(2)}, GPU ${c.gpu.toFixed(2)}, utility ${c.utility.toFixed(2)}]` : ''}, store ${c.store.toFixed(2)}, bench server ${c.node.toFixed(2)})` : ''
      const change = result.failed ? '' : ` (change task ${result.harness.toFixed(0)} ms, its handler ${result.inChange.toFixed(0)} ms)`
      console.log(`  run ${run + 1} ${contender.padEnd(6)} ${result.failed ? `FAILED: ${result.failed}` : `${(result.ms / 1000).toFixed(2)} s, longest task ${result.longest.toFixed(0)} ms${change}${cpu}${memory}`}`)
      await emptyBucket(rgw)
    }
  }
  await rm(path.dirname(files[0].path), { recursive: true, force: true })
  const summary = (name, key) => median(results[name].map((result) => result[key]))
  return {
    spec,
    contenders: Object.fromEntries(CONTENDERS.map((name) => [name, {
      ms: summary(name, 'ms'),
      longest: summary(name, 'longest'),
      cpu: summary(name, 'cpu'),
      longestMax: Math.max(...results[name].map((result) => result.longest).filter(Number.isFinite)),
      harness: summary(name, 'harness'),
      inChange: summary(name, 'inChange'),
      heap: summary(name, 'heap'),
      renderer: summary(name, 'renderer'),
      rendererEnd: summary(name, 'rendererEnd'),
      rendererPrivate: summary(name, 'rendererPrivate'),
      total: summary(name, 'total'),
      failures: results[name].filter((result) => result.failed).length,
    }])),
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rps3-bench-widget-'))
  const biggest = CASES.some((c) => c.memory) ? scaled(2048 * MiB) : scaled(256 * MiB)
  // memstore keeps objects in RAM and writes hang once it is full: room for the largest file twice, plus slack.
  const rgw = await startRgw({ memstoreBytes: 2 * biggest + 1024 * MiB, log: (m) => console.log(`[rgw] ${m}`) })
  // 20 ms each way: 40 ms added to every round trip to the store (signing stays direct, as in a real app).
  const proxy = await startFaultProxy({ target: rgw.endpoint, latencyMs: 20 })
  const outDir = path.join(dir, 'page')
  // Built before Vite's SSR server loads src/server: that server sets NODE_ENV=development, which a later
  // build would take as its own and bundle development React.
  await buildWidgetApp(outDir, { minify: !process.env.BENCH_PROFILE })
  const loaded = await loadServerModule()
  let browser
  const servers = {}
  try {
    servers.direct = await startWidgetServer({ outDir, server: loaded.server, storage: rgw })
    servers.slow = await startWidgetServer({ outDir, server: loaded.server, storage: { ...rgw, endpoint: proxy.url } })
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
    console.log(`<S3Uploader> vs fetch loop vs stock Uppy 6 — Chromium ${browser.version()}, Ceph RGW on loopback, ` +
      `${RUNS} alternating runs, scale ${SCALE}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    const rows = []
    // The machine may be shared: the table says what the load was while it ran.
    const loads = [os.loadavg()[0]]
    const loadTimer = setInterval(() => loads.push(os.loadavg()[0]), 15_000)
    for (const spec of CASES) rows.push(await runCase(browser, servers, rgw, dir, spec))
    clearInterval(loadTimer)
    printTable(rows, { runs: RUNS, loads: [...loads, os.loadavg()[0]] })
  } finally {
    await browser?.close()
    await servers.direct?.close()
    await servers.slow?.close()
    await loaded.close()
    await proxy.close()
    await rgw.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
