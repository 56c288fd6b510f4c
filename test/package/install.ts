import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PACKAGE_DIR, ROOT, TARBALL } from './support/paths.js'

const marker = path.join(PACKAGE_DIR, 'node_modules/.installed-lock-sha256')

function run(command: string, args: string[], cwd: string, what: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')} in ${cwd}).\n${result.stdout}`)
  return result.stdout
}

/**
 * Global setup of the package project: installs the tools and the host app's
 * packages of test/package/package.json (from its lockfile, when it changed),
 * then packs the built library (`npm pack`, as a user gets it) to TARBALL for
 * publint and attw, and installs that tarball beside the host's packages, so
 * the README's examples import the package through its published export map.
 */
export default function installPackage(): void {
  if (!existsSync(path.join(ROOT, 'dist/types/server/index.d.ts'))) {
    throw new Error('The package tests check the built package: run `npm run build` first.')
  }
  const lockHash = createHash('sha256').update(readFileSync(path.join(PACKAGE_DIR, 'package-lock.json'))).digest('hex')
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash) {
    run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], PACKAGE_DIR, 'Installing the package tests\' tools')
    writeFileSync(marker, lockHash)
  }
  const packDir = path.dirname(TARBALL)
  rmSync(packDir, { recursive: true, force: true })
  mkdirSync(packDir, { recursive: true })
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], ROOT, 'npm pack')) as Array<{ filename: string }>
  if (packed === undefined) throw new Error('npm pack wrote no tarball')
  renameSync(path.join(packDir, packed.filename), TARBALL)
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', TARBALL], PACKAGE_DIR, 'Installing the packed tarball')
}
