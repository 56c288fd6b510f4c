import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(dir, '../..')
const marker = path.join(dir, 'node_modules/.installed-lock-sha256')

function run(command: string, args: string[], cwd: string, what: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')} in ${cwd}).\n${result.stdout}`)
  return result.stdout
}

/**
 * Global setup of the runtimes project: installs the runtimes and frameworks of
 * test/runtimes/package.json (from its lockfile, when it changed), then packs
 * the library (`npm pack` of the built dist/, as a user gets it) and installs
 * that tarball beside them, so every test imports `react-presigned-s3/server`
 * through the published export map.
 */
export default function installRuntimes(): void {
  if (!existsSync(path.join(root, 'dist/server.js'))) {
    throw new Error('The runtimes tests use the built package: run `npm run build` first.')
  }
  const lockHash = createHash('sha256').update(readFileSync(path.join(dir, 'package-lock.json'))).digest('hex')
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash) {
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], dir, 'Installing the runtimes for the runtimes tests')
    writeFileSync(marker, lockHash)
  }
  const packDir = mkdtempSync(path.join(tmpdir(), 'rps3-pack-'))
  try {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], root, 'npm pack')) as Array<{ filename: string }>
    if (packed === undefined) throw new Error('npm pack wrote no tarball')
    const tarball = path.join(packDir, packed.filename)
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], dir, 'Installing the packed tarball')
  } finally {
    rmSync(packDir, { recursive: true, force: true })
  }
}
