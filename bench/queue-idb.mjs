// What the reload queue's IndexedDB writes cost per file, in Chromium, apart from the widget:
// N disk-backed Files (picked through a file input, as a user's are) written the way
// src/core/transfer/persisted-queue/ could write them (it writes one transaction per slice of 50), then deleted, on a page served from
// 127.0.0.1. CPU per Chromium process type from /proc around each phase (CDP's SystemInfo has no
// browser session in a persistent context).
// Variants alternate, BENCH_RUNS times each (default 3); medians. Prints figures; asserts nothing.
//
//   BENCH_FILES=1000     how many 4 KiB files
//   BENCH_PROFILE_DIR=1  a profile on disk (launchPersistentContext), as a user's browser has;
//                        otherwise a fresh off-the-record context, as bench/widget.mjs uses (IndexedDB in memory)
//   BENCH_VARIANTS=a,b   only those variants (names or indices)
//   BENCH_DELETE_PER_TX=6  records deleted per transaction, one transaction per task (as files land)
import http from 'node:http'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { smallFiles } from './support/bench-files.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium-flags.mjs'

const FILES = Number(process.env.BENCH_FILES ?? 1000)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const ON_DISK = Boolean(process.env.BENCH_PROFILE_DIR)
const DELETE_PER_TX = Number(process.env.BENCH_DELETE_PER_TX ?? 6)

/** name → how records are written: records per transaction, what `data` holds, records per task. */
const VARIANTS = {
  'tx per record, File (the queue before)': { perTx: 1, data: 'file', perTask: 50 },
  'tx per 50, File (the queue now)': { perTx: 50, data: 'file', perTask: 50 },
  'tx per 200, File': { perTx: 200, data: 'file', perTask: 200 },
  'one tx, File': { perTx: FILES, data: 'file', perTask: FILES },
  'tx per record, no data': { perTx: 1, data: 'none', perTask: 50 },
  'tx per 50, no data': { perTx: 50, data: 'none', perTask: 50 },
  'tx per 50, bytes (ArrayBuffer read first)': { perTx: 50, data: 'bytes', perTask: 50 },
  'tx per 50, new Blob([file])': { perTx: 50, data: 'blob', perTask: 50 },
}
const ONLY = process.env.BENCH_VARIANTS?.split(',')
const chosen = Object.entries(VARIANTS).filter(([name], index) => !ONLY || ONLY.includes(String(index)) || ONLY.includes(name))

const PAGE = `<!doctype html><input type="file" multiple aria-label="files"><script>
const open = () => new Promise((resolve, reject) => {
  const r = indexedDB.open('bench', 1)
  r.onupgradeneeded = () => r.result.createObjectStore('q', { keyPath: 'key' })
  r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error)
})
const tx = (db, run) => new Promise((resolve, reject) => {
  const t = db.transaction('q', 'readwrite'); t.oncomplete = resolve; t.onabort = () => reject(t.error); run(t.objectStore('q'))
})
const task = () => new Promise((resolve) => setTimeout(resolve, 0))
window.write = async ({ perTx, data, perTask }) => {
  const files = [...document.querySelector('input').files]
  const db = await open()
  const started = performance.now(); let busy = 0; const commits = []
  for (let from = 0; from < files.length; from += perTask) {
    await task()
    const t0 = performance.now()
    const slice = files.slice(from, from + perTask)
    const records = []
    for (const [i, file] of slice.entries()) {
      const value = data === 'file' ? file : data === 'blob' ? new Blob([file]) : data === 'bytes' ? await file.arrayBuffer() : undefined
      records.push({ key: JSON.stringify(['/api', 'f' + (from + i)]), scope: '/api', fileId: 'f' + (from + i), name: file.name, type: file.type,
        size: file.size, lastModified: file.lastModified, savedAt: Date.now(), ...(value ? { data: value } : {}) })
    }
    for (let i = 0; i < records.length; i += perTx) commits.push(tx(db, (store) => records.slice(i, i + perTx).forEach((r) => store.put(r))))
    busy += performance.now() - t0
  }
  await Promise.all(commits)
  const ms = performance.now() - started
  db.close()
  return { ms, busy }
}
// Deleted as files land: a few per task, one transaction per task (as the queue does).
window.remove = async (perTx) => {
  const db = await open(); const started = performance.now(); const commits = []
  const keys = await new Promise((resolve) => { const r = db.transaction('q').objectStore('q').getAllKeys(); r.onsuccess = () => resolve(r.result) })
  for (let i = 0; i < keys.length; i += perTx) { await task(); commits.push(tx(db, (store) => keys.slice(i, i + perTx).forEach((k) => store.delete(k)))) }
  await Promise.all(commits); db.close()
  return { ms: performance.now() - started, left: keys.length }
}
window.wipe = () => new Promise((resolve) => { const r = indexedDB.deleteDatabase('bench'); r.onsuccess = r.onerror = r.onblocked = resolve })
</script>`

const server = http.createServer((request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE))
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/`
const dir = await mkdtemp(path.join(os.tmpdir(), 'queue-idb-'))
const files = await smallFiles(dir, 'q', FILES, 4096)

/** CPU-s of this process's Chromium descendants by `--type=` (none: the browser process), from /proc. */
async function cpu() {
  const totals = { browser: 0, renderer: 0, other: 0 }
  const walk = async (pid) => {
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(' ').filter(Boolean)
    for (const child of children) {
      const cmdline = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '')
      const stat = await readFile(`/proc/${child}/stat`, 'utf8').catch(() => '')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100
      if (cmdline.includes('chromium')) {
        const type = /--type=([a-z-]+)/.exec(cmdline)?.[1]
        const group = type === undefined ? 'browser' : type === 'renderer' ? 'renderer' : 'other'
        if (Number.isFinite(seconds)) totals[group] += seconds
      }
      await walk(child)
    }
  }
  await walk(process.pid)
  return totals
}
const diff = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, b[k] - a[k]]))

async function runOnce(variant) {
  const profileDir = ON_DISK ? await mkdtemp(path.join(os.tmpdir(), 'queue-idb-profile-')) : undefined
  const browser = ON_DISK ? undefined : await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const context = ON_DISK
    ? await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
    : await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(url)
    await page.evaluate(() => window.wipe())
    await page.locator('input').setInputFiles(files.map((file) => file.path))
    const t0 = await cpu()
    const written = await page.evaluate((v) => window.write(v), variant)
    const t1 = await cpu()
    const removed = await page.evaluate((n) => window.remove(n), DELETE_PER_TX)
    const t2 = await cpu()
    return { write: { ...written, ...diff(t0, t1) }, remove: { ...removed, ...diff(t1, t2) } }
  } finally {
    await context.close()
    await browser?.close()
    if (profileDir) await rm(profileDir, { recursive: true, force: true })
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]
const results = new Map(chosen.map(([name]) => [name, []]))
for (let run = 0; run < RUNS; run++) for (const [name, variant] of chosen) results.get(name).push(await runOnce(variant))

console.log(`${FILES} × 4 KiB, ${ON_DISK ? 'profile on disk' : 'off-the-record context'}, medians of ${RUNS}; CPU-s per process type; load ${os.loadavg()[0].toFixed(2)}`)
console.log('variant'.padEnd(44), `write ms  main-thread ms  browser  renderer  other | delete (${DELETE_PER_TX} per tx) ms  browser  renderer`)
for (const [name, runs] of results) {
  const m = (phase, key) => median(runs.map((r) => r[phase][key]))
  console.log(name.padEnd(44), `${m('write', 'ms').toFixed(0).padStart(8)}  ${m('write', 'busy').toFixed(0).padStart(14)}  ${m('write', 'browser').toFixed(2).padStart(7)}  ${m('write', 'renderer').toFixed(2).padStart(8)}  ${m('write', 'other').toFixed(2).padStart(5)} | ${m('remove', 'ms').toFixed(0).padStart(20)}  ${m('remove', 'browser').toFixed(2).padStart(7)}  ${m('remove', 'renderer').toFixed(2).padStart(8)}`)
}
server.close()
await rm(dir, { recursive: true, force: true })
