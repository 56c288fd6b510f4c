// Memory while a page uploads, sampled from outside the page: the JS heap of
// its main thread (CDP Runtime.getHeapUsage) and the resident memory of
// Chromium's processes (/proc/<pid>/status VmRSS, pids from CDP
// SystemInfo.getProcessInfo). RSS counts what the heap does not: ArrayBuffers,
// workers' heaps, Blob data, network buffers.
import { readFile } from 'node:fs/promises'
import { watchWorkerHeaps } from './worker-heaps.mjs'

const INTERVAL_MS = 200

const RSS_FIELDS = { rss: 'VmRSS', anon: 'RssAnon', file: 'RssFile', shmem: 'RssShmem' }

/** VmRSS and its three kinds: anon (heaps, malloc), file (the browser's code pages touched so far), shmem (e.g. Mojo data pipes). */
async function rssBytes(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
    return Object.fromEntries(Object.entries(RSS_FIELDS).map(([key, name]) => [key, field(name)]))
  } catch {
    return { rss: 0, anon: 0, file: 0, shmem: 0 } // the process ended between the listing and the read
  }
}

async function processMemory(browserCdp) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo')
  const sizes = await Promise.all(processInfo.map(async (info) => ({ type: info.type, ...(await rssBytes(info.id)) })))
  const byType = {}
  for (const { type, rss } of sizes) byType[type] = (byType[type] ?? 0) + rss
  const renderers = sizes.filter((p) => p.type === 'renderer')
  const sum = (list, key) => list.reduce((total, p) => total + p[key], 0)
  return {
    renderer: byType.renderer ?? 0,
    rendererAnon: sum(renderers, 'anon'),
    rendererFile: sum(renderers, 'file'),
    rendererShmem: sum(renderers, 'shmem'),
    // What the renderers hold themselves: RssFile is the browser's code (shared with every
    // process, read from disk again if dropped), 15-30 MB of the growth and the noisiest part.
    rendererPrivate: sum(renderers, 'anon') + sum(renderers, 'shmem'),
    total: sum(sizes, 'rss'),
    byType,
  }
}

/**
 * Takes the baseline now (after a forced GC), then samples until `stop()`,
 * which returns the peak growth over the baseline of each figure, in bytes,
 * the growth left at the end (`rendererEnd`, `totalEnd`, `heapEnd`: after a
 * forced GC once the upload is done) and the samples (`timeline`).
 * Only one page should be open, so that "renderer" is this page's.
 */
export async function startMemorySampler(browser, page) {
  const browserCdp = await browser.newBrowserCDPSession()
  const pageCdp = await page.context().newCDPSession(page)
  await pageCdp.send('HeapProfiler.collectGarbage')
  // backingStorageSize: ArrayBuffer backing stores of the main thread (Chromium ≥ 130), outside usedSize.
  const heap = async () => {
    const usage = await pageCdp.send('Runtime.getHeapUsage')
    return { heap: usage.usedSize, buffers: usage.backingStorageSize ?? NaN }
  }
  // Workers' heaps (workerHeap, workerBuffers, workers: how many run) are inside the renderer's RSS too.
  const workers = await watchWorkerHeaps(pageCdp)
  const sample = async () => ({ ...(await heap()), ...(await workers.sample()), ...(await processMemory(browserCdp)) })
  const started = Date.now()
  const baseline = await sample()
  const keys = ['heap', 'buffers', 'workerHeap', 'workerBuffers', 'workers', 'renderer', 'rendererAnon', 'rendererFile', 'rendererShmem', 'rendererPrivate', 'total']
  const peak = { ...baseline }
  const timeline = []
  let sampling = Promise.resolve()
  const timer = setInterval(() => {
    sampling = sampling.then(async () => {
      const now = await sample()
      timeline.push({ ms: Date.now() - started, ...Object.fromEntries(keys.map((key) => [key, now[key] - baseline[key]])), byType: now.byType })
      for (const key of keys) peak[key] = Math.max(peak[key], now[key])
    }).catch(() => {})
  }, INTERVAL_MS)
  return {
    baseline,
    async stop() {
      clearInterval(timer)
      await sampling
      await pageCdp.send('HeapProfiler.collectGarbage').catch(() => {})
      await workers.collectGarbage()
      const end = await sample().catch(() => baseline)
      await pageCdp.detach().catch(() => {})
      await browserCdp.detach().catch(() => {})
      return {
        ...Object.fromEntries(keys.map((key) => [key, peak[key] - baseline[key]])),
        ...Object.fromEntries(keys.map((key) => [`${key}End`, end[key] - baseline[key]])),
        timeline,
      }
    },
  }
}
