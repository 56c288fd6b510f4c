// The table bench/widget.mjs prints at the end, in Markdown so a note can quote it.
const MiB = 1024 * 1024
const NAMES = { raw: 'fetch loop', rawmd5: 'fetch loop + MD5', stock: 'stock Uppy 6', widget: '`<S3Uploader>`' }
const ALL = Object.keys(NAMES)

const seconds = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'failed')
const ratio = (value, base) => (Number.isFinite(value) && Number.isFinite(base) ? ` (${(value / base).toFixed(2)})` : '')
const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(1)} MB` : '—')
const failures = (c) => (c.failures ? ` ⚠ ${c.failures} failed` : '')

/** A contender left out of the run (BENCH_CONTENDERS): its cells read NaN / failed. */
const ABSENT = { ms: NaN, cpu: NaN, longest: NaN, longestMax: NaN, harness: NaN, inChange: NaN }

function row(cells) {
  return `| ${cells.join(' | ')} |`
}

export function printTable(rows, { runs, loads }) {
  const sorted = [...loads].sort((a, b) => a - b)
  const load = `min ${sorted[0].toFixed(2)}, median ${sorted[Math.floor((sorted.length - 1) / 2)].toFixed(2)}, max ${sorted.at(-1).toFixed(2)}`
  const lines = [row(['case', ...ALL.map((n) => NAMES[n]), 'goal (ours ÷ fetch loop)']), row(['---', ...ALL.map(() => '---'), '---'])]
  for (const { spec, contenders: given } of rows) {
    const c = Object.fromEntries(ALL.map((name) => [name, given[name] ?? ABSENT]))
    const base = c.raw.ms
    lines.push(row([spec.memory ? `${spec.title}: time` : spec.title,
      seconds(base) + failures(c.raw),
      seconds(c.rawmd5.ms) + ratio(c.rawmd5.ms, base) + failures(c.rawmd5),
      seconds(c.stock.ms) + ratio(c.stock.ms, base) + failures(c.stock),
      `**${seconds(c.widget.ms)}${ratio(c.widget.ms, base)}**${ratio(c.widget.ms, c.rawmd5.ms).replace(')', ' of + MD5)')}${failures(c.widget)}`,
      spec.memory ? 'report' : spec.goal]))
    lines.push(row(['  CPU seconds used, median (Chromium + store + signing server)', ...ALL.map((n) => `${c[n].cpu.toFixed(2)} s`), 'report']))
    lines.push(row([`  longest task after the change task, median (max)`, ...ALL.map((n) => `${c[n].longest.toFixed(0)} ms (${c[n].longestMax.toFixed(0)})`), '< 50 ms']))
    lines.push(row([`  the change task (setInputFiles), of it the contender's handler`, ...ALL.map((n) => `${c[n].harness.toFixed(0)} ms, ${c[n].inChange.toFixed(0)} ms`), 'report']))
    if (spec.memory) {
      lines.push(row(['  JS heap growth (main thread)', mb(c.raw.heap), mb(c.rawmd5.heap), mb(c.stock.heap), `**${mb(c.widget.heap)}**`, spec.goal]))
      lines.push(row(['  renderer RSS growth, peak (heap + ArrayBuffers + workers)', mb(c.raw.renderer), mb(c.rawmd5.renderer), mb(c.stock.renderer), `**${mb(c.widget.renderer)}**`, spec.goal]))
      lines.push(row(['  renderer RSS growth left after the upload and a GC', mb(c.raw.rendererEnd), mb(c.rawmd5.rendererEnd), mb(c.stock.rendererEnd), mb(c.widget.rendererEnd), 'report']))
      lines.push(row(['  all Chromium processes RSS growth', mb(c.raw.total), mb(c.rawmd5.total), mb(c.stock.total), mb(c.widget.total), 'report']))
    }
  }
  const thousand = rows.find((r) => r.spec.id === '1000')
  const twoThousand = rows.find((r) => r.spec.id === '2000')
  if (thousand && twoThousand) {
    lines.push(row([`${twoThousand.spec.title} time ÷ ${thousand.spec.title} time`, ...ALL.map((n) => ((twoThousand.contenders[n]?.ms ?? NaN) / (thousand.contenders[n]?.ms ?? NaN)).toFixed(2)), '≤ 2.2']))
  }
  console.log(`\nMedians of ${runs} alternating runs; (ratio) = ÷ fetch loop in the same run, (… of + MD5) = ÷ fetch loop + MD5; a longest task of 0 ms = none over 50 ms (what longtask reports). 1-minute load average during the run: ${load}.`)
  console.log(lines.join('\n'))
}
