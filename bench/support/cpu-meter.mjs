// CPU time spent during one run, from outside the page: Chromium's processes
// (CDP SystemInfo.getProcessInfo, which reports each one's cpuTime; the page's
// workers run in its renderer), the store's daemons (/proc/<pid>/stat of the
// Ceph pid files) and this Node process (the signing server, the latency proxy).
// On a machine with few cores the contenders compete with the store for the
// same CPUs, so a contender that does more work (hashing every byte) is slower
// by about the CPU it adds: this says how much that is.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

async function procSeconds(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND // utime + stime
  } catch {
    return 0
  }
}

async function storeSeconds(cephConf) {
  const runDir = path.join(path.dirname(cephConf), 'run')
  const names = (await readdir(runDir).catch(() => [])).filter((name) => name.endsWith('.pid'))
  const pids = await Promise.all(names.map(async (name) => Number(await readFile(path.join(runDir, name), 'utf8'))))
  return (await Promise.all(pids.map(procSeconds))).reduce((a, b) => a + b, 0)
}

/**
 * CPU seconds per thread name ("renderer: DedicatedWorker thread"), from /proc/<pid>/task: where
 * in a process the time went (the page's main thread, its workers, the browser's IO thread...).
 * Threads that ended within the run are missed.
 */
async function threadSeconds(processInfo) {
  const byName = {}
  for (const { id, type } of processInfo) {
    const tids = await readdir(`/proc/${id}/task`).catch(() => [])
    for (const tid of tids) {
      const name = (await readFile(`/proc/${id}/task/${tid}/comm`, 'utf8').catch(() => '?')).trim()
      const key = `${type}: ${name}`
      byName[key] = (byName[key] ?? 0) + (await procSeconds(`${id}/task/${tid}`))
    }
  }
  return byName
}

async function sample(browserCdp, cephConf) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo')
  const threads = process.env.BENCH_DEBUG ? await threadSeconds(processInfo) : undefined
  const of = (type) => processInfo.filter((p) => p.type === type).reduce((sum, p) => sum + p.cpuTime, 0)
  const node = process.cpuUsage()
  return {
    renderer: of('renderer'),
    browser: of('browser'),
    gpu: of('GPU'),
    utility: of('utility'),
    chromium: processInfo.reduce((sum, p) => sum + p.cpuTime, 0),
    store: await storeSeconds(cephConf),
    node: (node.user + node.system) / 1e6,
    ...(threads && { threads }),
  }
}

/** Call with the page open (its renderer must still live at `stop`); `stop()` gives seconds of CPU per group. */
export async function startCpuMeter(browser, cephConf) {
  const browserCdp = await browser.newBrowserCDPSession()
  const before = await sample(browserCdp, cephConf)
  return {
    async stop() {
      const after = await sample(browserCdp, cephConf)
      await browserCdp.detach().catch(() => {})
      const used = Object.fromEntries(Object.keys(before).filter((key) => key !== 'threads').map((key) => [key, after[key] - before[key]]))
      if (!after.threads) return used
      // BENCH_DEBUG: the threads that used 0.05 s or more, busiest first.
      const threads = Object.entries(after.threads).map(([name, seconds]) => [name, seconds - (before.threads[name] ?? 0)])
      return { ...used, threads: Object.fromEntries(threads.filter(([, seconds]) => seconds >= 0.05).sort((a, b) => b[1] - a[1])) }
    },
  }
}
