/**
 * What one probe found, and the report `doctor` prints: one block per finding, in plain
 * words, the fix under every problem.
 */

export type ProbeStatus = 'ok' | 'problem' | 'note'

export interface ProbeResult {
  /** `note`: worth knowing, nothing to fix (or nothing this run could check). */
  status: ProbeStatus
  title: string
  detail: string
  /** What to change, for a problem; may span lines (JSON, commands). */
  fix?: string
}

export interface ReportTarget {
  bucket: string
  endpoint: string | undefined
  region: string
  origin: string | undefined
}

const LABELS = { ok: 'ok', problem: 'PROBLEM', note: 'note' } as const satisfies Record<ProbeStatus, string>
const INDENT = ' '.repeat(9)
const WIDTH = 100

function wrap(text: string, indent: string): string {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(' ')) {
      if (line && indent.length + line.length + 1 + word.length > WIDTH) {
        lines.push(line)
        line = word
      } else {
        line = line ? `${line} ${word}` : word
      }
    }
    lines.push(line)
  }
  return lines.map((line) => `${indent}${line}`).join('\n')
}

/** A fix already printed for an earlier finding is named, not repeated (policies run to 60 lines). */
function block(result: ProbeResult, firstWithFix: ReadonlyMap<string, string>): string {
  const head = `${LABELS[result.status].padEnd(INDENT.length)}${result.title}`
  const earlier = result.fix === undefined ? undefined : firstWithFix.get(result.fix)
  const fix = result.fix === undefined
    ? ''
    : earlier !== result.title
      ? `\n${INDENT}Fix: the same as for "${earlier}" above.`
      : `\n${INDENT}Fix: ${result.fix.split('\n').join(`\n${INDENT}     `)}`
  return `${head}\n${wrap(result.detail, INDENT)}${fix}\n`
}

export function problemCount(results: readonly ProbeResult[]): number {
  return results.filter((result) => result.status === 'problem').length
}

export function formatReport(target: ReportTarget, results: readonly ProbeResult[], cleanup: string): string {
  const where = [target.endpoint ?? 'AWS S3', `region ${target.region}`, target.origin && `page ${target.origin}`].filter(Boolean).join(', ')
  const problems = problemCount(results)
  const summary = problems === 0 ? 'Nothing to fix.' : `${problems} problem${problems === 1 ? '' : 's'} to fix.`
  const firstWithFix = new Map<string, string>()
  for (const { fix, title } of results) if (fix !== undefined && !firstWithFix.has(fix)) firstWithFix.set(fix, title)
  const blocks = results.map((result) => block(result, firstWithFix)).join('\n')
  return `react-presigned-s3 doctor: s3://${target.bucket} (${where})\n\n${blocks}\n${[summary, cleanup].filter(Boolean).join(' ')}\n`
}

/** 0 when nothing needs fixing, 1 otherwise (2, for usage mistakes, is decided before any probe runs). */
export function exitCodeOf(results: readonly ProbeResult[]): 0 | 1 {
  return problemCount(results) === 0 ? 0 : 1
}
