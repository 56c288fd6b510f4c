import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build as esbuild } from 'esbuild'
import { build as viteBuild, createLogger } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUNTIMES_DIR } from './support/server.js'

// A browser app that imports `react-presigned-s3/server` by mistake gets the
// guard (the `browser` export condition): its bundle must throw the guard's
// message when it loads, not run with every import `undefined`. Built with each
// bundler from the packed package, as a user's app would be.
const GUARD_MESSAGE = 'react-presigned-s3/server runs on the server only'

let appDir: string
let exportNames: string[]

beforeAll(async () => {
  appDir = mkdtempSync(path.join(RUNTIMES_DIR, '.browser-app-'))
  // Every name the real server entry exports, so a name the guard lacks fails the build.
  const real = path.join(RUNTIMES_DIR, 'node_modules/react-presigned-s3/dist/server.js')
  exportNames = Object.keys(await import(pathToFileURL(real).href)).sort()
  writeFileSync(path.join(appDir, 'main.js'), [
    `import { ${exportNames.join(', ')} } from 'react-presigned-s3/server'`,
    `globalThis.imported = [${exportNames.join(', ')}].map((value) => typeof value)`,
    '',
  ].join('\n'))
})
afterAll(() => rmSync(appDir, { recursive: true, force: true }))

async function loadBundle(file: string): Promise<unknown> {
  try {
    await import(pathToFileURL(file).href)
    return (globalThis as { imported?: unknown }).imported
  } catch (error) {
    return error
  }
}

describe('a browser app importing react-presigned-s3/server', () => {
  it('covers every export of the server entry', () => {
    expect(exportNames).toEqual(expect.arrayContaining(['createPresignHandler', 'createS3Client', 'toNodeHandler']))
  })

  it('built by esbuild, throws the guard message on load, without warnings', async () => {
    const outfile = path.join(appDir, 'esbuild-out.mjs')
    const result = await esbuild({
      metafile: true,
      entryPoints: [path.join(appDir, 'main.js')],
      absWorkingDir: appDir,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      // Not the repository's tsconfig.json, whose `paths` would send the package name to src/.
      tsconfigRaw: '{}',
    })
    expect(result.warnings.map((warning) => warning.text)).toEqual([])
    expect(Object.keys(result.metafile.inputs)).toEqual(['../node_modules/react-presigned-s3/dist/server-browser.js', 'main.js'])
    expect(await loadBundle(outfile)).toEqual(expect.objectContaining({ message: expect.stringContaining(GUARD_MESSAGE) }))
  })

  it('built by Vite, throws the guard message on load, without warnings', async () => {
    const warnings: string[] = []
    const logger = createLogger('warn', { allowClearScreen: false })
    logger.warn = (message) => void warnings.push(message)
    logger.warnOnce = logger.warn
    const outDir = path.join(appDir, 'vite-out')
    await viteBuild({
      configFile: false,
      root: appDir,
      logLevel: 'warn',
      customLogger: logger,
      build: { outDir, emptyOutDir: true, rolldownOptions: { input: path.join(appDir, 'main.js') } },
    })
    expect(warnings).toEqual([])
    const [chunk] = readdirSync(path.join(outDir, 'assets')).filter((name) => name.endsWith('.js'))
    expect(chunk).toBeDefined()
    expect(await loadBundle(path.join(outDir, 'assets', chunk ?? ''))).toEqual(
      expect.objectContaining({ message: expect.stringContaining(GUARD_MESSAGE) }),
    )
  })
})
