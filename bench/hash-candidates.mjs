// MD5 candidates for Content-MD5, measured in Chromium on a 256 MiB disk-backed
// File (written to a temp file, handed to an <input type=file>), each read in
// 4 MiB slices as the uploader reads parts: our JS MD5 on the main thread and in
// a Worker, hash-wasm's WASM MD5 in a Worker, @noble/hashes' JS MD5 in a Worker.
// Also hashing alone (in memory, no File read), and the gzip size of each
// candidate's code, minified as a host app ships it.
// Prints a table; asserts nothing (a digest that differs from node:crypto's is
// printed as WRONG). HASH_RUNS=n sets the runs per candidate (median printed);
// HASH_ONLY=text runs only the candidates whose name contains it. HASH_ALGORITHM=sha256
// measures the SHA-256 candidates for x-amz-checksum-sha256 instead (issue 13): hash-wasm
// and @noble/hashes streaming in a Worker, and Web Crypto's one-shot digest per 8 MiB part.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium-flags.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MiB = 1024 * 1024
const SIZE = 256 * MiB
const RUNS = Number(process.env.HASH_RUNS ?? 3)

/** The slice loop every candidate shares; `HASHER` is each candidate's `{ create(): { update, digest } }`. */
const SLICE_LOOP = `
export async function hashBlob(blob) {
  const hasher = await HASHER.create()
  for (let offset = 0; offset < blob.size; offset += ${4 * MiB}) {
    hasher.update(new Uint8Array(await blob.slice(offset, offset + ${4 * MiB}).arrayBuffer()))
  }
  return hasher.digest()
}`
/** The same, reading the next slice while hashing this one. */
const READ_AHEAD_LOOP = `
export async function hashBlob(blob) {
  const hasher = await HASHER.create()
  const read = (offset) => offset < blob.size ? blob.slice(offset, offset + ${4 * MiB}).arrayBuffer() : undefined
  let next = read(0)
  for (let offset = 0; next; offset += ${4 * MiB}) {
    const bytes = new Uint8Array(await next)
    next = read(offset + ${4 * MiB})
    hasher.update(bytes)
  }
  return hasher.digest()
}`
/** Hashing alone: the same 256 MiB from one 4 MiB buffer in memory, no File read (digest not comparable). */
const COMPUTE_LOOP = `
export async function hashBlob() {
  const hasher = await HASHER.create()
  const bytes = new Uint8Array(${4 * MiB}).map((_, i) => i)
  for (let i = 0; i < ${SIZE / (4 * MiB)}; i++) hasher.update(bytes)
  return hasher.digest()
}`
const WORKER_TAIL = `
self.onmessage = async (event) => self.postMessage(await hashBlob(event.data))`

const src = (file) => JSON.stringify(path.join(repoRoot, file))
const CANDIDATES = [
  {
    // The ceiling: what reading the slices alone costs, in a Worker.
    name: 'read slices only, no hash',
    where: 'worker',
    baseline: true,
    code: `const HASHER = { create: () => ({ update() {}, digest: () => new Uint8Array(16) }) }
${SLICE_LOOP}${WORKER_TAIL}`,
  },
  {
    name: 'our JS MD5, main thread',
    where: 'main',
    code: `import { Md5 } from ${src('src/core/hashing/md5.ts')}
const HASHER = { create: () => new Md5() }
${SLICE_LOOP}
window.hashBlob = hashBlob`,
  },
  {
    name: 'our JS MD5, Worker',
    where: 'worker',
    code: `import { Md5 } from ${src('src/core/hashing/md5.ts')}
const HASHER = { create: () => new Md5() }
${SLICE_LOOP}${WORKER_TAIL}`,
  },
  {
    name: 'hash-wasm 4 (WASM), Worker',
    where: 'worker',
    code: `import { createMD5 } from 'hash-wasm'
let made
const HASHER = { create: async () => { made ??= await createMD5(); made.init(); return { update: (b) => made.update(b), digest: () => made.digest('binary') } } }
${SLICE_LOOP}${WORKER_TAIL}`,
  },
  {
    name: 'our JS MD5, Worker, read-ahead',
    where: 'worker',
    code: `import { Md5 } from ${src('src/core/hashing/md5.ts')}
const HASHER = { create: () => new Md5() }
${READ_AHEAD_LOOP}${WORKER_TAIL}`,
  },
  {
    name: 'hash-wasm, Worker, read-ahead',
    where: 'worker',
    code: `import { createMD5 } from 'hash-wasm'
let made
const HASHER = { create: async () => { made ??= await createMD5(); made.init(); return { update: (b) => made.update(b), digest: () => made.digest('binary') } } }
${READ_AHEAD_LOOP}${WORKER_TAIL}`,
  },
  {
    name: 'our JS MD5, compute only',
    where: 'worker',
    baseline: true,
    code: `import { Md5 } from ${src('src/core/hashing/md5.ts')}
const HASHER = { create: () => new Md5() }
${COMPUTE_LOOP}${WORKER_TAIL}`,
  },
  {
    name: 'hash-wasm, compute only',
    where: 'worker',
    baseline: true,
    code: `import { createMD5 } from 'hash-wasm'
let made
const HASHER = { create: async () => { made ??= await createMD5(); made.init(); return { update: (b) => made.update(b), digest: () => made.digest('binary') } } }
${COMPUTE_LOOP}${WORKER_TAIL}`,
  },
  {
    name: '@noble/hashes 2 (JS), Worker',
    where: 'worker',
    code: `import { md5 } from '@noble/hashes/legacy.js'
const HASHER = { create: () => md5.create() }
${SLICE_LOOP}${WORKER_TAIL}`,
  },
]

const ALGORITHM = process.env.HASH_ALGORITHM ?? 'md5'
/** Web Crypto has no streaming digest: each 8 MiB part (the default part size) is read whole and digested alone. */
const WEB_CRYPTO_PARTS = `
export async function hashBlob(blob) {
  let last = new Uint8Array(32)
  for (let offset = 0; offset < blob.size; offset += ${8 * MiB}) {
    last = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.slice(offset, offset + ${8 * MiB}).arrayBuffer()))
  }
  return last
}`
const SHA256_CANDIDATES = [
  CANDIDATES[0],
  {
    name: 'hash-wasm SHA-256, Worker, read-ahead',
    where: 'worker',
    code: `import { createSHA256 } from 'hash-wasm'
let made
const HASHER = { create: async () => { made ??= await createSHA256(); made.init(); return { update: (b) => made.update(b), digest: () => made.digest('binary') } } }
${READ_AHEAD_LOOP}${WORKER_TAIL}`,
  },
  {
    name: '@noble/hashes SHA-256, Worker, read-ahead',
    where: 'worker',
    code: `import { sha256 } from '@noble/hashes/sha2.js'
const HASHER = { create: () => sha256.create() }
${READ_AHEAD_LOOP}${WORKER_TAIL}`,
  },
  {
    // Digests per part, not of the whole file: not comparable with node:crypto's.
    name: 'Web Crypto per 8 MiB part, Worker',
    where: 'worker',
    baseline: true,
    code: `${WEB_CRYPTO_PARTS}${WORKER_TAIL}`,
  },
  {
    name: 'Web Crypto per 8 MiB part, main',
    where: 'main',
    baseline: true,
    code: `${WEB_CRYPTO_PARTS}
window.hashBlob = hashBlob`,
  },
  {
    name: 'hash-wasm SHA-256, compute only',
    where: 'worker',
    baseline: true,
    code: `import { createSHA256 } from 'hash-wasm'
let made
const HASHER = { create: async () => { made ??= await createSHA256(); made.init(); return { update: (b) => made.update(b), digest: () => made.digest('binary') } } }
${COMPUTE_LOOP}${WORKER_TAIL}`,
  },
  {
    name: '@noble/hashes SHA-256, compute only',
    where: 'worker',
    baseline: true,
    code: `import { sha256 } from '@noble/hashes/sha2.js'
const HASHER = { create: () => sha256.create() }
${COMPUTE_LOOP}${WORKER_TAIL}`,
  },
]
const RUN_CANDIDATES = ALGORITHM === 'sha256' ? SHA256_CANDIDATES : CANDIDATES

/** Minified IIFE of one candidate, as a host app would ship it, and its gzip size. */
async function bundle(candidate, dir) {
  const entry = path.join(dir, `${RUN_CANDIDATES.indexOf(candidate)}.js`)
  await writeFile(entry, candidate.code)
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: repoRoot,
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['iife'], name: 'candidate', fileName: 'candidate' },
    },
  })
  const code = [result].flat()[0].output[0].code
  return { code, gzip: gzipSync(code, { level: 9 }).length }
}

async function writeRandomFile(file) {
  const handle = await open(file, 'w')
  const hash = createHash(ALGORITHM)
  for (let written = 0; written < SIZE; written += MiB) {
    const chunk = randomBytes(MiB)
    hash.update(chunk)
    await handle.write(chunk)
  }
  await handle.close()
  return hash.digest('base64')
}

function servePage() {
  const html = '<!doctype html><meta charset="utf-8"><title>hash candidates</title><input type="file" id="pick">'
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html))
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** Runs in the page: hashes the picked file once with the candidate, returns [ms, base64]. */
async function runInPage({ where, code }) {
  const file = document.querySelector('#pick').files[0]
  const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes))
  const started = performance.now()
  let digest
  if (where === 'main') {
    if (!window.hashBlob) new Function(code)()
    digest = await window.hashBlob(file)
  } else {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }))
    const worker = new Worker(url)
    digest = await new Promise((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data)
      worker.onerror = (event) => reject(new Error(event.message))
      worker.postMessage(file)
    })
    worker.terminate()
    URL.revokeObjectURL(url)
  }
  return [performance.now() - started, toBase64(digest)]
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const dir = await mkdtemp(path.join(os.tmpdir(), 'rps3-hash-'))
// Entries live inside the repo, so their bare imports resolve from node_modules.
const entryDir = await mkdtemp(path.join(repoRoot, 'node_modules', '.rps3-hash-'))
const server = await servePage()
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const filePath = path.join(dir, 'big-256MiB.bin')
  const expected = await writeRandomFile(filePath)
  const rows = []
  for (const candidate of RUN_CANDIDATES.filter((c) => !process.env.HASH_ONLY || c.name.includes(process.env.HASH_ONLY))) {
    const { code, gzip } = await bundle(candidate, entryDir)
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${server.address().port}/`)
    await page.setInputFiles('#pick', filePath)
    const times = []
    let correct = true
    for (let run = 0; run < RUNS; run++) {
      const [ms, digest] = await page.evaluate(runInPage, { where: candidate.where, code })
      times.push(ms)
      correct &&= digest === expected
    }
    await page.close()
    rows.push({ name: candidate.name, mbps: SIZE / MiB / (median(times) / 1000), gzip, correct: correct || candidate.baseline })
  }
  console.log(`${ALGORITHM.toUpperCase()} candidates in Chromium, 256 MiB disk-backed File in 4 MiB slices (median of ${RUNS}; code minified + gzip -9)`)
  for (const row of rows) {
    console.log(`  ${row.name.padEnd(42)} ${row.mbps.toFixed(0).padStart(5)} MiB/s  ${String(row.gzip).padStart(6)} B gzip${row.correct ? '' : '  WRONG DIGEST'}`)
  }
} finally {
  await browser.close()
  server.close()
  await rm(dir, { recursive: true, force: true })
  await rm(entryDir, { recursive: true, force: true })
}
