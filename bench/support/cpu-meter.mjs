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

async function sample(browserCdp, cephConf) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo')
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
      return Object.fromEntries(Object.keys(before).map((key) => [key, after[key] - before[key]]))
    },
  }
}
