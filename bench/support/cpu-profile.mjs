// A Chromium CPU profile of a page over CDP, summed into the functions with
// the most self time: how per-file walks show up (a function whose self time
// grows with the square of the file count).

import { writeFile } from 'node:fs/promises'

/** Starts profiling `page`; `stop()` returns the top functions by self time. */
export async function startProfile(page, { top = 15 } = {}) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop')
      await cdp.detach()
      // BENCH_PROFILE_OUT=file.cpuprofile keeps the whole profile, for Chromium's DevTools.
      if (process.env.BENCH_PROFILE_OUT) await writeFile(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile))
      return selfTimes(profile).slice(0, top)
    },
  }
}

function selfTimes(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map()
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame
    const where = url ? `${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}` : ''
    const name = `${functionName || '(anonymous)'} ${where}`.trim()
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
  })
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms)
}
