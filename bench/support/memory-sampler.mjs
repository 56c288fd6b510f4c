// Memory while a page uploads, sampled from outside the page: the JS heap of
// its main thread (CDP Runtime.getHeapUsage) and the resident memory of
// Chromium's processes (/proc/<pid>/status VmRSS, pids from CDP
// SystemInfo.getProcessInfo). RSS counts what the heap does not: ArrayBuffers,
// workers' heaps, Blob data, network buffers.
import { readFile } from 'node:fs/promises'

const INTERVAL_MS = 200

async function rssBytes(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024
  } catch {
    return 0 // the process ended between the listing and the read
  }
}

async function processMemory(browserCdp) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo')
  const sizes = await Promise.all(processInfo.map(async (info) => ({ type: info.type, rss: await rssBytes(info.id) })))
  return {
    renderer: sizes.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.rss, 0),
    total: sizes.reduce((sum, p) => sum + p.rss, 0),
  }
}

/**
 * Takes the baseline now (after a forced GC), then samples until `stop()`,
 * which returns the peak growth over the baseline of each figure, in bytes.
 * Only one page should be open, so that "renderer" is this page's.
 */
export async function startMemorySampler(browser, page) {
  const browserCdp = await browser.newBrowserCDPSession()
  const pageCdp = await page.context().newCDPSession(page)
  await pageCdp.send('HeapProfiler.collectGarbage')
  const heap = async () => (await pageCdp.send('Runtime.getHeapUsage')).usedSize
  const baseline = { heap: await heap(), ...(await processMemory(browserCdp)) }
  const peak = { ...baseline }
  let sampling = Promise.resolve()
  const timer = setInterval(() => {
    sampling = sampling.then(async () => {
      const now = { heap: await heap(), ...(await processMemory(browserCdp)) }
      for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key])
    }).catch(() => {})
  }, INTERVAL_MS)
  return {
    async stop() {
      clearInterval(timer)
      await sampling
      await pageCdp.detach().catch(() => {})
      await browserCdp.detach().catch(() => {})
      return Object.fromEntries(Object.keys(peak).map((key) => [key, peak[key] - baseline[key]]))
    },
  }
}
