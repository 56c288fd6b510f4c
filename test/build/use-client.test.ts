// React Server Components treat a module as server code unless it starts with "use client": an entry
// whose exports reach React (components, hooks, context) without it breaks in a Next.js server
// component, and an entry that has it needlessly (core, server, testing, the CLI) cannot be used on
// the server at all. The directive is written in the entry's source and kept by the build
// (test/package checks the packed files).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LIBRARY_ENTRIES } from '../../tools/library-entries.js'
import { startsWithUseClient } from './use-client-directive.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const IS_REACT = /^react(-dom)?($|\/)/

/** Value imports and re-exports (not `import type`/`export type`), dynamic ones left out: they load later, on the client. */
function staticImports(code: string): string[] {
  const from = [...code.matchAll(/^(?:import|export)\s+(?!type\b)[^;'"]*?\bfrom\s+['"]([^'"]+)['"]/gms)].map((match) => match[1]!)
  const bare = [...code.matchAll(/^import\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]!)
  return [...from, ...bare]
}

function resolveSource(fromFile: string, specifier: string): string {
  const base = path.resolve(path.dirname(fromFile), specifier)
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base]
  const found = candidates.find((candidate) => existsSync(candidate))
  if (!found) throw new Error(`${specifier} (from ${fromFile}) does not resolve to a source file`)
  return found
}

/** Whether the module graph of `entry` imports React at load time. */
function reachesReact(entry: string): boolean {
  const seen = new Set<string>()
  const pending = [path.resolve(ROOT, entry)]
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (IS_REACT.test(specifier)) return true
      if (specifier.startsWith('.')) pending.push(resolveSource(file, specifier))
    }
  }
  return false
}

describe('"use client" on the built entries', () => {
  const entries = Object.entries(LIBRARY_ENTRIES)

  it('is expected on the React entries only (index and read)', () => {
    expect(entries.filter(([, source]) => reachesReact(source)).map(([name]) => name)).toEqual(['index', 'read'])
  })

  it.each(entries)('%s (%s) starts with it exactly when it reaches React', (_name, source) => {
    expect(startsWithUseClient(readFileSync(path.resolve(ROOT, source), 'utf8'))).toBe(reachesReact(source))
  })

  it('covers every JavaScript file package.json exports', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
    const targets = JSON.stringify(manifest.exports).match(/\.\/dist\/[\w-]+\.js/g) ?? []
    const built = new Set(Object.keys(LIBRARY_ENTRIES).map((name) => `./dist/${name}.js`))
    expect(targets.length).toBeGreaterThan(0)
    expect(targets.filter((target) => !built.has(target))).toEqual([])
  })
})
