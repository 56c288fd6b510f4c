// Transport benchmarks, in Chromium against Ceph RGW on loopback: our upload
// engine against a hand-written fetch loop (and stock Uppy 6) on the same
// files in the same run, alternating, medians printed with their ratios.
// Also: signing HTTP requests per upload, and JS heap growth on a 2 GiB file.
// Prints figures; asserts nothing. Needs chromium and the Ceph packages.
import { mkdtemp, rm, writeFile, open } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startAppServer } from '../demo/app-server.mjs'
import { emptyBucket, startRgw } from '../tools/rgw/rgw.mjs'
import { startFaultProxy } from '../tools/fault-proxy.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium-flags.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MiB = 1024 * 1024
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
/** BENCH_ONLY=small,big,rtt,signing,heap runs only those sections. */
const ONLY = process.env.BENCH_ONLY?.split(',')
const want = (section) => !ONLY || ONLY.includes(section)

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`

async function writeRandomFile(file, size) {
  const handle = await open(file, 'w')
  const chunk = randomBytes(8 * MiB)
  for (let written = 0; written < size; written += chunk.length) {
    await handle.write(chunk, 0, Math.min(chunk.length, size - written))
  }
  await handle.close()
  return file
}

async function makeFiles(dir) {
  const small = []
  for (let i = 0; i < 200; i++) {
    const file = path.join(dir, `small-${i}.bin`)
    await writeFile(file, randomBytes(256 * 1024))
    small.push(file)
  }
  return {
    small,
    big: await writeRandomFile(path.join(dir, 'big-256MiB.bin'), 256 * MiB),
    gib: await writeRandomFile(path.join(dir, 'one-GiB.bin'), 1024 * MiB),
    twoGib: await writeRandomFile(path.join(dir, 'two-GiB.bin'), 2048 * MiB),
  }
}

async function openBench(browser, app, files) {
  const page = await browser.newPage()
  await page.goto(`${app.url}/`)
  await page.waitForFunction(() => window.transportBench !== undefined, null, { timeout: 60_000 })
  await page.setInputFiles('#pick', files)
  return page
}

/** Alternates the contenders RUNS times on fresh pages; returns the median ms of each. */
async function compare(browser, app, rgw, files, contenders) {
  const times = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]))
  for (let run = 0; run < RUNS; run++) {
    for (const [name, call] of Object.entries(contenders)) {
      const page = await openBench(browser, app, files)
      times[name].push(await page.evaluate(call))
      await page.close()
      await emptyBucket(rgw)
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]))
}

function report(title, medians, baseline, goal) {
  console.log(`\n${title}`)
  for (const [name, ms] of Object.entries(medians)) {
    const ratio = name === baseline ? '' : `  ratio ${(ms / medians[baseline]).toFixed(2)}${goal ? ` (goal ≤ ${goal})` : ''}`
    console.log(`  ${name.padEnd(26)} ${fmt(ms)}${ratio}`)
  }
}

async function startApp(storage, counter) {
  return startAppServer({
    root: path.join(repoRoot, 'bench/transport-app'),
    storage,
    requiredToken: 'bench',
    // The raw fetch loop and stock Uppy send no Content-MD5, so the server must sign without it.
    presign: { requireChecksum: false },
    wrapHandler: (handler) => async (request) => {
      counter.requests += 1
      return handler(request)
    },
  })
}

async function heapGrowth(browser, app, file) {
  const page = await openBench(browser, app, [file])
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize: before } = await cdp.send('Runtime.getHeapUsage')
  let peak = before
  const sampler = setInterval(async () => {
    try {
      const { usedSize } = await cdp.send('Runtime.getHeapUsage')
      peak = Math.max(peak, usedSize)
    } catch {}
  }, 250)
  const ms = await page.evaluate(() => window.transportBench.widget({ partSize: 8 * window.transportBench.MiB }))
  clearInterval(sampler)
  await page.close()
  return { ms, growth: peak - before }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rps3-bench-'))
  const rgw = await startRgw({ memstoreBytes: 5 * 1024 ** 3, log: (m) => console.log(`[rgw] ${m}`) })
  const proxy = await startFaultProxy({ target: rgw.endpoint, latencyMs: 20 })
  const direct = { requests: 0 }
  const slowCounter = { requests: 0 }
  const app = await startApp(rgw, direct)
  const slowApp = await startApp({ ...rgw, endpoint: proxy.url }, slowCounter)
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    console.log('Writing test files…')
    const files = await makeFiles(dir)
    const opts = { concurrency: 6, threshold: 100 * MiB, partSize: 8 * MiB }

    if (want('small')) report('200 × 256 KiB, 6 at once', await compare(browser, app, rgw, files.small, {
      'fetch PUT loop': () => window.transportBench.raw({ concurrency: 6, threshold: 100 * 1024 * 1024, partSize: 8 * 1024 * 1024 }),
      'ours': () => window.transportBench.widget({}),
      'ours, no Content-MD5': () => window.transportBench.widget({ checksum: false }),
    }), 'fetch PUT loop', 1.1)

    if (want('big')) report('1 × 256 MiB, 8 MiB parts, 6 in flight', await compare(browser, app, rgw, [files.big], {
      'fetch PUT loop': () => window.transportBench.raw({ concurrency: 6, threshold: 100 * 1024 * 1024, partSize: 8 * 1024 * 1024 }),
      'ours': () => window.transportBench.widget({}),
      'ours, no Content-MD5': () => window.transportBench.widget({ checksum: false }),
    }), 'fetch PUT loop', 1.1)

    if (want('rtt')) report('1 × 256 MiB with 40 ms added round trip', await compare(browser, slowApp, rgw, [files.big], {
      'fetch parts, 6 in flight': () => window.transportBench.raw({ concurrency: 6, threshold: 100 * 1024 * 1024, partSize: 8 * 1024 * 1024 }),
      'ours': () => window.transportBench.widget({}),
      'stock Uppy 6': () => window.transportBench.stock({ concurrency: 6, threshold: 100 * 1024 * 1024, partSize: 8 * 1024 * 1024 }),
    }), 'fetch parts, 6 in flight', 1.25)

    if (want('signing')) console.log('\nSigning HTTP requests (goal ≤ 4 for 200 files, ≤ 12 for 1 GiB in 8 MiB parts)')
    if (want('signing')) for (const [label, list] of [['200 × 256 KiB', files.small], ['1 × 1 GiB, 8 MiB parts', [files.gib]]]) {
      const page = await openBench(browser, app, list)
      const before = direct.requests
      await page.evaluate(() => window.transportBench.widget({ partSize: 8 * window.transportBench.MiB }))
      console.log(`  ${label.padEnd(26)} ${direct.requests - before}`)
      await page.close()
      await emptyBucket(rgw)
    }

    if (want('heap')) {
      const heap = await heapGrowth(browser, app, files.twoGib)
      console.log(`\nJS heap growth uploading 2 GiB: ${(heap.growth / MiB).toFixed(1)} MB (goal ≤ 64 MB), in ${fmt(heap.ms)}`)
      await emptyBucket(rgw)
    }
  } finally {
    await browser.close()
    await app.close()
    await slowApp.close()
    await proxy.close()
    await rgw.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
