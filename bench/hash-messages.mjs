// How the page hands small files to its hashing workers, measured in Chromium on 1000 disk-backed
// 4 KiB Files (handed to an <input type=file>), 2 workers, 12 hashes asked for at a time (the
// widget signs ahead about that many): main-thread task time (CDP Performance.getMetrics) and CPU
// per Chromium process (SystemInfo.getProcessInfo), per variant:
//   one-slice   one message and reply per file; the worker reads blob.slice(0, 4 MiB).arrayBuffer()
//   one         one message and reply per file; the worker reads blob.arrayBuffer()
//   batch-N     N files per message, read at once, one reply with N digests
// And the PUT that follows, 6 in flight to a local Node server: a Blob body (the file read again)
// against the bytes the worker read (handed back with the digest). MSG_RUNS=n (median printed).
// Prints a table; asserts nothing. The worker's digest is a cheap sum: what is timed is the handing over.
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { smallFiles } from './support/bench-files.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium-flags.mjs'

const RUNS = Number(process.env.MSG_RUNS ?? 3)
const COUNT = Number(process.env.MSG_FILES ?? 1000)

// The worker the page starts twice (from a Blob URL, as the library does).
const WORKER = `
const sum = (bytes) => { let s = 0; for (let i = 0; i < bytes.length; i += 64) s = (s + bytes[i]) | 0; return s }
onmessage = async ({ data }) => {
  const read = (blob) => data.slice ? blob.slice(0, 4 * 1024 * 1024).arrayBuffer() : blob.arrayBuffer()
  const buffers = await Promise.all(data.blobs.map(read))
  const digests = buffers.map((buffer) => sum(new Uint8Array(buffer)))
  if (data.back) postMessage({ id: data.id, digests, buffers }, buffers)
  else postMessage({ id: data.id, digests })
}`

const PAGE = `<!doctype html><input type=file multiple aria-label=files><script>
const workerUrl = URL.createObjectURL(new Blob([${JSON.stringify(WORKER)}], { type: 'text/javascript' }))
window.run = async ({ batch, slice, back, put }) => {
  const files = [...document.querySelector('input').files]
  const workers = [new Worker(workerUrl), new Worker(workerUrl)]
  const waiting = new Map()
  let nextId = 1
  for (const w of workers) w.onmessage = ({ data }) => { waiting.get(data.id)(data); waiting.delete(data.id) }
  const idle = [...workers]
  const queue = []
  const pump = () => {
    while (idle.length && queue.length) {
      const jobs = queue.splice(0, batch)
      const w = idle.pop()
      const id = nextId++
      waiting.set(id, (reply) => { idle.push(w); jobs.forEach((job, i) => job.resolve({ digest: reply.digests[i], bytes: reply.buffers?.[i] })); pump() })
      w.postMessage({ id, slice, back, blobs: jobs.map((job) => job.blob) })
    }
  }
  const hash = (blob) => new Promise((resolve) => { queue.push({ blob, resolve }); pump() })
  const putOne = async (file, body) => {
    await new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('PUT', '/put/' + encodeURIComponent(file.name))
      xhr.onload = resolve; xhr.onerror = reject
      xhr.send(body)
    })
  }
  const t0 = performance.now()
  // 12 hashes ahead, 6 PUTs in flight (or hashing alone).
  let next = 0
  const ahead = []
  const ask = () => { while (ahead.length < 12 && next < files.length) { const f = files[next++]; ahead.push({ file: f, hashed: hash(f) }) } }
  const lanes = Array.from({ length: 6 }, async () => {
    for (;;) {
      ask()
      const item = ahead.shift()
      if (!item) return
      const { bytes } = await item.hashed
      if (put) await putOne(item.file, put === 'bytes' ? bytes : item.file)
    }
  })
  await Promise.all(lanes)
  const ms = performance.now() - t0
  workers.forEach((w) => w.terminate())
  return ms
}
</script>`

const VARIANTS = [
  { name: 'one-slice', batch: 1, slice: true },
  { name: 'one', batch: 1 },
  { name: 'batch-4', batch: 4 },
  { name: 'batch-8', batch: 8 },
  { name: 'batch-16', batch: 16 },
  { name: 'one-slice + PUT Blob', batch: 1, slice: true, put: 'blob' },
  { name: 'batch-8 + PUT Blob', batch: 8, put: 'blob' },
  { name: 'batch-8 + PUT bytes', batch: 8, back: true, put: 'bytes' },
].filter((v) => !process.env.MSG_ONLY || process.env.MSG_ONLY.split(',').some((only) => v.name === only))

const server = http.createServer((req, res) => {
  if (req.method === 'PUT') return void req.resume().on('end', () => res.writeHead(200).end())
  res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/`
const dir = await mkdtemp(path.join(os.tmpdir(), 'hash-messages-'))
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const files = await smallFiles(dir, 'm', COUNT, 4096)
  const results = new Map(VARIANTS.map((v) => [v.name, []]))
  const cpuOf = async (cdp) => {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo')
    const of = (type) => processInfo.filter((p) => p.type === type).reduce((s, p) => s + p.cpuTime, 0)
    return { renderer: of('renderer'), browser: of('browser') }
  }
  for (let run = 0; run < RUNS; run++) {
    for (const variant of VARIANTS) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(url)
      await page.locator('input').setInputFiles(files.map((f) => f.path))
      const cdp = await context.newCDPSession(page)
      await cdp.send('Performance.enable')
      const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
      const browserCdp = await browser.newBrowserCDPSession()
      const before = await cpuOf(browserCdp)
      const m0 = await metric()
      const ms = await page.evaluate((options) => window.run(options), variant)
      const m1 = await metric()
      const after = await cpuOf(browserCdp)
      await browserCdp.detach()
      results.get(variant.name).push({ ms, main: (m1.TaskDuration - m0.TaskDuration) * 1000, renderer: after.renderer - before.renderer, browser: after.browser - before.browser })
      await context.close()
    }
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
  console.log(`${COUNT} x 4 KiB Files, medians of ${RUNS}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.log('| variant | wall | main-thread tasks | renderer CPU | browser CPU |\n| --- | --- | --- | --- | --- |')
  for (const [name, rs] of results) {
    const m = (key) => median(rs.map((r) => r[key]))
    console.log(`| ${name} | ${(m('ms') / 1000).toFixed(2)} s | ${m('main').toFixed(0)} ms | ${m('renderer').toFixed(2)} s | ${m('browser').toFixed(2)} s |`)
  }
} finally {
  await browser.close()
  server.close()
  await rm(dir, { recursive: true, force: true })
}
