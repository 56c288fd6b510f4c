import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = path.dirname(fileURLToPath(import.meta.url))

/** Global setup of the component-react18 project: installs React 18 into test/react18 on first use (from its lockfile). */
export default function installReact18(): void {
  if (existsSync(path.join(dir, 'node_modules/react-dom/package.json'))) return
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('Installing React 18 for the component-react18 tests failed (npm ci in test/react18).')
}
