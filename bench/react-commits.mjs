// React commits per second and the longest main-thread task while <S3Uploader>
// uploads 1000 small files in Chromium, against the demo's embedded S3 store
// and the real signing handler. A production build of React (its profiling
// flavour, so <Profiler> reports commits) and of the library (dist/).
// Prints figures; asserts nothing. BENCH_DEBUG=1 also lists each long task (start+duration, ms).
// BENCH_FILES=2000 changes the file count; BENCH_PROFILE=1 also prints the functions with the most
// self time in a Chromium CPU profile of the run (how the walks over every file were found).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { startEmbeddedS3 } from '../demo/embedded-s3.mjs'
import { startProfile } from './support/cpu-profile.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium-flags.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const FILES = Number(process.env.BENCH_FILES ?? 1000)
const FILE_SIZE = 2048
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(repoRoot, 'dist')

async function buildPage(outDir) {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: path.join(repoRoot, 'bench/react-commits'),
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^react-presigned-s3$/, replacement: path.join(dist, 'index.js') },
        { find: /^react-presigned-s3\/styles\.css$/, replacement: path.join(dist, 'styles.css') },
        // Production React whose <Profiler> still calls onRender.
        { find: /^react-dom\/client$/, replacement: 'react-dom/profiling' },
      ],
    },
    // Unminified when profiling, so the profile names functions.
    build: { outDir, emptyOutDir: true, minify: !process.env.BENCH_PROFILE },
  })
}

async function startServer(root, storage) {
  const { createPresignHandler, createS3Client, toNodeHandler } = await import(path.join(dist, 'server.js'))
  const s3 = createS3Client({ ...storage, credentials: { accessKeyId: storage.accessKeyId, secretAccessKey: storage.secretAccessKey } })
  const presign = toNodeHandler(createPresignHandler({ s3, bucket: storage.bucket, keyPrefix: 'bench/', authorize: () => true }))
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
  const server = createServer(async (req, res) => {
    if (req.url?.startsWith('/api/s3')) return presign(req, res)
    const file = path.join(root, req.url === '/' ? 'index.html' : path.normalize(req.url ?? '').replace(/^(\.\.[/\\])+/, ''))
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => (s3.destroy(), new Promise((resolve) => server.close(resolve))) }
}

function summarise({ commits, longTasks, endedAt }, startedAt) {
  const during = commits.filter((time) => time >= startedAt && time <= endedAt)
  const seconds = (endedAt - startedAt) / 1000
  let busiest = 0
  for (let first = 0, last = 0; last < during.length; last++) {
    while (during[last] - during[first] > 1000) first++
    busiest = Math.max(busiest, last - first + 1)
  }
  const tasks = longTasks.filter((task) => task.start + task.duration >= startedAt && task.start <= endedAt)
  const longest = tasks.reduce((max, task) => Math.max(max, task.duration), 0)
  return { seconds, commits: during.length, perSecond: during.length / seconds, busiest, longTasks: tasks.length, longest }
}

const work = await mkdtemp(path.join(os.tmpdir(), 'rps3-bench-commits-'))
const store = await startEmbeddedS3({ directory: path.join(work, 'store') })
let server
let browser
try {
  await buildPage(path.join(work, 'page'))
  server = await startServer(path.join(work, 'page'), store.storage)
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const page = await browser.newPage()
  await page.goto(`${server.url}/`, { waitUntil: 'networkidle' })
  const files = Array.from({ length: FILES }, (_, index) => ({
    name: `file-${String(index).padStart(4, '0')}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.alloc(FILE_SIZE, index % 256),
  }))
  const profile = process.env.BENCH_PROFILE ? await startProfile(page) : undefined
  const startedAt = await page.evaluate(() => performance.now())
  await page.getByLabel('Files to upload').setInputFiles(files)
  await page.waitForFunction((count) => window.bench.uploaded + window.bench.errors >= count, FILES, { timeout: 600_000, polling: 500 })
  const { hot } = (await profile?.stop()) ?? {}
  const record = await page.evaluate(() => window.bench)
  const result = summarise(record, startedAt)
  console.log(`React commits while <S3Uploader> uploads ${FILES} files of ${FILE_SIZE / 1024} KiB (Chromium, embedded S3, production React)`)
  console.log(`  uploaded ${record.uploaded}, failed ${record.errors}, in ${result.seconds.toFixed(1)} s`)
  console.log(`  commits: ${result.commits} → ${result.perSecond.toFixed(1)} per second on average, ${result.busiest} in the busiest second (goal ≤ 10/s)`)
  console.log(`  long tasks (> 50 ms): ${result.longTasks}, longest ${result.longest.toFixed(0)} ms (goal < 50 ms)`)
  if (hot) console.log(`  most self time (CPU profile):\n${hot.map(({ ms, name }) => `    ${ms.toFixed(0).padStart(6)} ms  ${name}`).join('\n')}`)
  if (process.env.BENCH_DEBUG) console.log(record.longTasks.map((task) => `${(task.start - startedAt).toFixed(0)}+${task.duration.toFixed(0)}`).join(" "))
} finally {
  await browser?.close()
  await server?.close()
  await store.close()
  await rm(work, { recursive: true, force: true })
}
