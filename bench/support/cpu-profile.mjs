// A Chromium CPU profile of a page over CDP, summed into the functions with
// the most self time: how per-file walks show up (a function whose self time
// grows with the square of the file count). `longTasks` splits it by the
// page's own long tasks (PerformanceObserver entries): what each one spent on.

import { writeFile } from 'node:fs/promises'

const MARK = 'rps3ProfileMark'

/** Starts profiling `page`; `stop()` returns the top functions by self time and the profile. */
export async function startProfile(page, { top = 15 } = {}) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  // A function that spins 5 ms at a known page time: its first sample ties the profile's clock to
  // performance.now(), which the long-task entries use.
  // (The name is written out: the profiler names a function by the variable that holds it.)
  const markedAt = await page.evaluate(() => {
    const at = performance.now()
    function rps3ProfileMark() {
      while (performance.now() - at < 5);
    }
    rps3ProfileMark()
    return at
  })
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop')
      await cdp.detach()
      // BENCH_PROFILE_OUT=file.cpuprofile keeps the whole profile, for Chromium's DevTools.
      if (process.env.BENCH_PROFILE_OUT) await writeFile(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile))
      return { hot: selfTimes(profile).slice(0, top), tasks: (longTasks) => byTask(profile, markedAt, longTasks) }
    },
  }
}

function label({ functionName, url, lineNumber, columnNumber }) {
  const where = url ? `${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}` : ''
  return `${functionName || '(anonymous)'} ${where}`.trim()
}

function selfTimes(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map()
  profile.samples.forEach((id, index) => {
    const name = label(nodes.get(id).callFrame)
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
  })
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms)
}

/** For each long task, its samples' busiest frames (inclusive, each counted once per sample) and self time. */
function byTask(profile, markedAt, longTasks, top = 8) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  let at = profile.startTime
  const samples = profile.samples.map((id, index) => ({ id, at: (at += profile.timeDeltas[index] ?? 0) }))
  const mark = samples.find((sample) => nodes.get(sample.id).callFrame.functionName === MARK)
  if (!mark) return []
  const toPage = (us) => markedAt + (us - mark.at) / 1000
  const sorted = samples.map((sample, index) => ({ ...sample, page: toPage(sample.at), ms: ((samples[index + 1]?.at ?? sample.at) - sample.at) / 1000 }))
  const sum = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms)
  const topOf = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms }))
  return longTasks.map((task) => {
    const inclusive = new Map()
    const self = new Map()
    for (const sample of sorted) {
      if (sample.page < task.start || sample.page > task.start + task.duration) continue
      const name = label(nodes.get(sample.id).callFrame)
      if (name === '(idle)') continue
      sum(self, name, sample.ms)
      const seen = new Set()
      for (let id = sample.id; id !== undefined; id = parent.get(id)) {
        const frame = label(nodes.get(id).callFrame)
        if (frame === '(root)' || seen.has(frame)) continue
        seen.add(frame)
        sum(inclusive, frame, sample.ms)
      }
    }
    return { ...task, inclusive: topOf(inclusive), self: topOf(self) }
  })
}
