import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { CodeBlock } from './readme-blocks.js'

/** The entry points whose named exports a block that imports nothing may use, in the order a name is looked up. */
export const FRAGMENT_ENTRIES = ['react-presigned-s3', 'react-presigned-s3/server', 'react-presigned-s3/testing'] as const
export type ExportNames = Record<(typeof FRAGMENT_ENTRIES)[number], string[]>

/**
 * What the README's examples call but leave to the reader's app: its auth token,
 * session lookup, persistence, error reporting, 404 page, Express app, and the
 * handler and S3 client made in the section's first block. Declared, not
 * implemented: only their types matter to `tsc`.
 */
const APP_GLOBALS = `// The reader's own app, as the README's examples assume it (see support/consumer.ts).
declare const token: string
declare function getSession(request: Request): Promise<{ id: string } | null>
declare function save(keys: string[]): void
declare function report(code: string, fileName?: string): void
declare function notFound(response: import('node:http').ServerResponse): void
declare const app: import('express').Express
declare const handler: ReturnType<typeof import('react-presigned-s3/server').createPresignHandler>
declare const s3: ReturnType<typeof import('react-presigned-s3/server').createS3Client>
`

/** One way a host app resolves the package; each is a tsconfig of its own. */
export interface Resolution {
  name: string
  moduleResolution: 'bundler' | 'node16'
  customConditions?: string[]
  /** Only the blocks that use the server entry. */
  serverOnly: boolean
}

export interface WrittenBlock {
  block: CodeBlock
  file: string
  server: boolean
}

const NAME = /[A-Za-z_$][\w$]*/g

/**
 * The source `tsc` sees for one block. A block that imports nothing is a
 * fragment of its section (`<S3Uploader restrictions=… />`): it gets the
 * package's exports it names, imported on an extra last line so line numbers
 * still match the README. Every block is made a module, so blocks do not see
 * each other's declarations.
 */
export function blockSource(block: CodeBlock, exportNames: ExportNames): { source: string; server: boolean } {
  const importsSomething = /^import\s/m.test(block.code)
  const fromEntry = new Map<string, string[]>()
  if (!importsSomething) {
    const used = new Set(block.code.match(NAME) ?? [])
    for (const name of used) {
      const entry = FRAGMENT_ENTRIES.find((candidate) => exportNames[candidate].includes(name))
      if (entry !== undefined) fromEntry.set(entry, [...(fromEntry.get(entry) ?? []), name])
    }
  }
  const injected = [...fromEntry].map(([entry, names]) => `import { ${names.sort().join(', ')} } from '${entry}'`)
  const server = block.code.includes("'react-presigned-s3/server'") || fromEntry.has('react-presigned-s3/server')
  return { source: [block.code, ...injected, 'export {}', ''].join('\n'), server }
}

/** Writes the blocks, the app's globals and one tsconfig per resolution into `dir` (emptied first). */
export function writeConsumer(dir: string, blocks: CodeBlock[], exportNames: ExportNames, resolutions: Resolution[]): WrittenBlock[] {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'app-globals.d.ts'), APP_GLOBALS)
  const written = blocks.map((block) => {
    const { source, server } = blockSource(block, exportNames)
    const file = `readme-L${block.fenceLine}.${block.lang}`
    writeFileSync(path.join(dir, file), source)
    return { block, file, server }
  })
  for (const resolution of resolutions) {
    const files = written.filter((entry) => entry.server || !resolution.serverOnly).map((entry) => entry.file)
    writeFileSync(path.join(dir, `tsconfig.${resolution.name}.json`), `${JSON.stringify(tsconfig(resolution, files), null, 2)}\n`)
  }
  return written
}

/** A strict host app's tsconfig, as `tsc --init` and the frameworks' templates write it. */
function tsconfig(resolution: Resolution, files: string[]) {
  return {
    compilerOptions: {
      strict: true,
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      module: resolution.moduleResolution === 'node16' ? 'node16' : 'esnext',
      moduleResolution: resolution.moduleResolution,
      ...(resolution.customConditions === undefined ? {} : { customConditions: resolution.customConditions }),
      jsx: 'react-jsx',
      isolatedModules: true,
      esModuleInterop: true,
      // Our .d.ts files are checked too, as a host without skipLibCheck checks them.
      skipLibCheck: false,
      noEmit: true,
      // `vitest/globals` as the README's testing section says; vitest itself comes from the repository's root install.
      types: ['node', 'vitest/globals'],
    },
    files: ['app-globals.d.ts', ...files],
  }
}
