// `npm test`: every suite (unit, component, e2e, stories) in one Vitest run,
// closing with one line that sums them, so a run that tested nothing shows.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'

const report = 'test-results/vitest.json'
mkdirSync('test-results', { recursive: true })
rmSync(report, { force: true })

const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } })

let passed = 0
let failed = 0
let skipped = 0
try {
  const results = JSON.parse(readFileSync(report, 'utf8'))
  passed = results.numPassedTests
  failed = results.numFailedTests
  skipped = results.numPendingTests + results.numTodoTests
  // A suite that failed to load counts as a failure even if it reported no test.
  failed += results.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length
} catch {
  failed += 1
  console.error(`No test report was written to ${report}.`)
}
const exitCode = run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(exitCode)
