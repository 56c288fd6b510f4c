// `npm test`: every suite, closing with one line that sums them, so a run that
// tested nothing shows. The fast suites (unit, component on React 19 and 18,
// a host app's tests, stories in Chromium) run first, in one Vitest run; then
// the runtimes suite (Node 22, Bun, Deno, workerd, edge, Next... from
// test/runtimes); then the packed package's hygiene (publint, attw, the README's
// examples type-checked, from test/package); then the testing helpers and the host tests again on MSW 3
// (Node 22, Vitest 5, from test/msw3, installed on first use); the end-to-end suite runs
// after them on its own, so its real-time checks (URLs expiring mid-upload,
// images refreshed over 40 s) never share the machine's two cores with them.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'

const vitest = (...projects) => ['npx', 'vitest', 'run', ...projects.flatMap((project) => ['--project', project])]
const RUNS = [
  { name: 'unit, component, host, stories', command: vitest('unit', 'component', 'component-react18', 'host', 'stories') },
  // Every runtime and framework the README names, from the packed package (test/runtimes installs them).
  { name: 'runtimes', command: vitest('runtimes') },
  // The packed package as users get it: publint, arethetypeswrong, the README's examples under tsc (test/package).
  { name: 'package', command: vitest('package') },
  { name: 'MSW 3 on Node 22', command: ['node', 'test/msw3/run.mjs', 'run'] },
  { name: 'e2e', command: vitest('e2e') },
]

mkdirSync('test-results', { recursive: true })
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
const extra = process.argv.slice(2)
const totals = { passed: 0, failed: 0, skipped: 0 }
let anyRunFailed = false

for (const [index, run] of RUNS.entries()) {
  const report = `test-results/vitest-${index}.json`
  rmSync(report, { force: true })
  console.log(`\n=== ${run.name} ===`)
  const [program, ...args] = run.command
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra)
  const result = spawnSync(program, args, { stdio: 'inherit', env })
  if (result.status !== 0) anyRunFailed = true
  const counts = readCounts(report)
  totals.passed += counts.passed
  totals.failed += counts.failed
  totals.skipped += counts.skipped
}

const exitCode = anyRunFailed || totals.failed > 0 || totals.passed === 0 ? 1 : 0
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`)
process.exit(exitCode)

function readCounts(report) {
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'))
    // A file that failed to load counts as a failure even if it reported no test.
    const unloaded = results.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length
    return {
      passed: results.numPassedTests,
      failed: results.numFailedTests + unloaded,
      skipped: results.numPendingTests + results.numTodoTests,
    }
  } catch {
    console.error(`No test report was written to ${report}.`)
    return { passed: 0, failed: 1, skipped: 0 }
  }
}
