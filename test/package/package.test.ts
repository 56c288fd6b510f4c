import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { LIBRARY_ENTRIES } from '../../tools/library-entries.js'
import { startsWithUseClient } from '../build/use-client-directive.js'
import { FRAGMENT_ENTRIES, type ExportNames, type Resolution, type WrittenBlock, writeConsumer } from './support/consumer.js'
import { PACKAGE_DIR, README_DIR, ROOT, TARBALL, TSC } from './support/paths.js'
import { readmeBlocks } from './support/readme-blocks.js'

// What a user installs, checked as they get it: the packed tarball (install.ts
// runs `npm pack` on the build) linted by publint and arethetypeswrong, and the
// README's examples type-checked against it in a host app (this folder).

function run(command: string, args: string[], cwd = PACKAGE_DIR) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

const bin = (name: string) => path.join(PACKAGE_DIR, 'node_modules/.bin', name)
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }

describe('the packed tarball', () => {
  it('publint finds nothing, suggestions included', () => {
    const { status, output } = run(bin('publint'), [TARBALL, '--level', 'suggestion', '--strict'])
    expect(output).toContain('All good!')
    expect(status).toBe(0)
  })

  // The package is ESM only (no `require` condition, no `main`), so attw's
  // esm-only profile: node16 from ESM and bundler must resolve every entry to
  // its types (the stylesheet included); node10 and node16 from CJS are out of
  // scope by design, as the README's Install section says.
  it('arethetypeswrong: every entry point resolves to its types under node16 (ESM) and bundler', () => {
    const { status, output } = run(bin('attw'), [TARBALL, '--profile', 'esm-only', '--format', 'json'])
    const { analysis } = JSON.parse(output.slice(output.indexOf('{'))) as {
      analysis: { entrypoints: Record<string, unknown>; problems: Array<{ resolutionKind?: string }> }
    }
    expect(Object.keys(analysis.entrypoints).sort()).toEqual(Object.keys(manifest.exports).sort())
    const inScope = analysis.problems.filter((problem) => problem.resolutionKind !== 'node10' && problem.resolutionKind !== 'node16-cjs')
    expect(inScope).toEqual([])
    expect(status).toBe(0)
  })

  // Which entries need it is checked on the sources (test/build/use-client.test.ts); here, that the build kept it.
  it('keeps "use client" on exactly the entries whose source has it', () => {
    const installed = path.join(PACKAGE_DIR, 'node_modules/react-presigned-s3/dist')
    const heads = Object.entries(LIBRARY_ENTRIES).map(([name, source]) => [
      name,
      startsWithUseClient(readFileSync(path.join(installed, `${name}.js`), 'utf8')),
      startsWithUseClient(readFileSync(path.join(ROOT, source), 'utf8')),
    ])
    expect(heads.filter(([, built, written]) => built !== written)).toEqual([])
    expect(heads.filter(([, built]) => built).map(([name]) => name)).toEqual(['index', 'read'])
  })
})

/**
 * Each resolution a host app may use. The server entry's `types` come first, so
 * every condition gets them: checked here with the conditions wrangler
 * (workerd, worker, browser) and Next.js's edge routes (edge-light, worker,
 * browser) bundle with, and a browser bundle's (whose JS is the guard that
 * throws, test/runtimes/browser-guard.test.ts); node16 takes `node`.
 */
const RESOLUTIONS: Resolution[] = [
  { name: 'bundler', moduleResolution: 'bundler', serverOnly: false },
  { name: 'node16', moduleResolution: 'node16', serverOnly: true },
  { name: 'workerd', moduleResolution: 'bundler', customConditions: ['workerd', 'worker', 'browser'], serverOnly: true },
  { name: 'edge-light', moduleResolution: 'bundler', customConditions: ['edge-light', 'worker', 'browser'], serverOnly: true },
  { name: 'browser', moduleResolution: 'bundler', customConditions: ['browser'], serverOnly: true },
]

describe("the README's code examples", () => {
  let written: WrittenBlock[]

  beforeAll(() => {
    const exportNames = Object.fromEntries(FRAGMENT_ENTRIES.map((entry) => [entry, runtimeExports(entry)])) as ExportNames
    const blocks = readmeBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'))
    written = writeConsumer(README_DIR, blocks.filter((block) => block.notCompiled === undefined), exportNames, RESOLUTIONS)
  })

  it('are found, server ones among them', () => {
    expect(written.length).toBeGreaterThan(10)
    expect(written.filter((entry) => entry.server).length).toBeGreaterThan(2)
  })

  it.each(RESOLUTIONS)('compile with `tsc --noEmit` ($name)', ({ name }) => {
    const { status, output } = run(TSC, ['-p', `tsconfig.${name}.json`, '--pretty', 'false'], README_DIR)
    expect(readmeLines(output)).toBe('')
    expect(status).toBe(0)
  })
})

/** The value exports of an entry point, read by importing it as a host does. */
function runtimeExports(entry: string): string[] {
  const { status, output } = run(process.execPath, ['--input-type=module', '-e', `console.log(JSON.stringify(Object.keys(await import('${entry}'))))`])
  if (status !== 0) throw new Error(`importing ${entry} failed:\n${output}`)
  return JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as string[]
}

/** tsc's errors with each block's file and line turned into README.md's line. */
function readmeLines(output: string): string {
  return output
    .trim()
    .replace(/^readme-L(\d+)\.tsx?\((\d+),(\d+)\)/gm, (_, fence: string, line: string, column: string) => `README.md:${Number(fence) + Number(line)}:${column}`)
}
