import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { build, createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser.js'

// The hasher as a host app gets it: the library built with its own vite.config.ts (as `npm run build` does),
// then imported from that build by a page that the host's Vite serves.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const appRoot = path.join(repoRoot, 'test/e2e/md5-app')
// Inside node_modules, so the build's bare imports (@uppy/core) resolve, and the host's Vite treats it as a dependency.
const builtDist = path.join(repoRoot, 'node_modules/.rps3-md5-e2e/dist')
const MiB = 1024 * 1024

function patterned(size: number): Buffer {
  const bytes = Buffer.alloc(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 255
  return bytes
}
const nodeMd5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('base64')
const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64')

const SIZES = [0, 1, 1000, 4 * MiB, 4 * MiB + 1, 9 * MiB + 123]

let browser: Browser
let fromBuild: ViteDevServer
let fromSource: ViteDevServer
let tempDir: string

/** The page app served by Vite, `react-presigned-s3/core` resolved to `core`. */
async function servePage(core: string, cacheDir: string): Promise<ViteDevServer> {
  const vite = await createServer({
    configFile: false,
    root: appRoot,
    // A fresh dependency cache: Vite keys it on the lockfile, not on the build the test just made.
    cacheDir,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, fs: { allow: [repoRoot] } },
    resolve: { alias: [{ find: /^react-presigned-s3\/core$/, replacement: core }] },
  })
  await vite.listen()
  return vite
}

function urlOf(vite: ViteDevServer): string {
  const address = vite.httpServer!.address()
  if (!address || typeof address === 'string') throw new Error('The page server did not start.')
  return `http://127.0.0.1:${address.port}`
}

beforeAll(async () => {
  await build({
    configFile: path.join(repoRoot, 'vite.config.ts'),
    root: repoRoot,
    logLevel: 'warn',
    build: { outDir: builtDist, emptyOutDir: true, sourcemap: false },
  })
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'rps3-md5-e2e-'))
  fromBuild = await servePage(path.join(builtDist, 'core.js'), path.join(tempDir, 'cache-build'))
  fromSource = await servePage(path.join(repoRoot, 'src/core/index.ts'), path.join(tempDir, 'cache-source'))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await fromBuild?.close()
  await fromSource?.close()
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
  await rm(path.dirname(builtDist), { recursive: true, force: true })
})

/** The page, and whether the main thread hashed (it read a Blob: workers read in their own realm). */
async function open(page: string, vite = fromBuild): Promise<{ tab: Page; hashedOnMainThread: () => Promise<boolean> }> {
  const tab = await browser.newPage()
  await tab.goto(`${urlOf(vite)}/${page}`)
  await tab.waitForFunction(() => typeof window.md5OfSizes === 'function', null, { timeout: 60_000 })
  return { tab, hashedOnMainThread: async () => (await tab.evaluate(() => window.mainThreadReads())) > 0 }
}

describe('the MD5 hasher in Chromium, from the built library', () => {
  it('hashes in Blob-URL workers, digests equal to node:crypto, 0 bytes and past one 4 MiB slice included', async () => {
    const { tab, hashedOnMainThread } = await open('index.html')
    const digests = await tab.evaluate((sizes) => window.md5OfSizes(sizes), SIZES)
    expect(digests).toEqual(SIZES.map((size) => nodeMd5(patterned(size))))
    const workers = tab.workers()
    expect(workers.length).toBeGreaterThanOrEqual(1)
    for (const worker of workers) expect(worker.url()).toMatch(/^blob:/)
    expect(await hashedOnMainThread()).toBe(false)
    await tab.close()
  })

  it('hashes a disk-backed File from the file input', async () => {
    const bytes = randomBytes(9 * MiB + 7)
    const file = path.join(tempDir, 'picked.bin')
    await writeFile(file, bytes)
    const { tab, hashedOnMainThread } = await open('index.html')
    await tab.setInputFiles('#pick', file)
    expect(await tab.evaluate(() => window.md5OfPicked())).toBe(nodeMd5(bytes))
    expect(await hashedOnMainThread()).toBe(false)
    await tab.close()
  })

  it('hashes 1000 picked small files, each digest right (Chromium stalled reading many Blob streams)', async () => {
    const files = await Promise.all(Array.from({ length: 1000 }, async (_, i) => {
      const bytes = randomBytes(4096)
      const file = path.join(tempDir, `photo-${i}.bin`)
      await writeFile(file, bytes)
      return { file, md5: nodeMd5(bytes) }
    }))
    const { tab, hashedOnMainThread } = await open('index.html')
    await tab.setInputFiles('#pick', files.map(({ file }) => file))
    expect(await tab.evaluate(() => window.md5OfEveryPicked())).toEqual(files.map(({ md5 }) => md5))
    expect(await hashedOnMainThread()).toBe(false)
    await tab.close()
  })

  it('hashes the parts of a picked File in order from one stream per worker, each digest right', async () => {
    const part = 5 * MiB
    const bytes = randomBytes(4 * part + 99)
    const file = path.join(tempDir, 'parts.bin')
    await writeFile(file, bytes)
    const { tab, hashedOnMainThread } = await open('index.html')
    await tab.setInputFiles('#pick', file)
    const digests = await tab.evaluate((size) => window.md5OfPickedParts(size), part)
    expect(digests).toEqual(Array.from({ length: 5 }, (_, i) => nodeMd5(bytes.subarray(i * part, (i + 1) * part))))
    expect(await hashedOnMainThread()).toBe(false)
    await tab.close()
  })

  it('hashes in workers from the source too, as Vite dev serves it to the demo and the e2e app', async () => {
    const { tab, hashedOnMainThread } = await open('index.html', fromSource)
    const digests = await tab.evaluate((sizes) => window.md5OfSizes(sizes), SIZES)
    expect(digests).toEqual(SIZES.map((size) => nodeMd5(patterned(size))))
    expect(tab.workers().length).toBeGreaterThanOrEqual(1)
    expect(await hashedOnMainThread()).toBe(false)
    await tab.close()
  })

  it('hashes on the main thread when the CSP forbids workers, with the same digests', async () => {
    const { tab, hashedOnMainThread } = await open('csp.html')
    const digests = await tab.evaluate((sizes) => window.md5OfSizes(sizes), SIZES)
    expect(digests).toEqual(SIZES.map((size) => nodeMd5(patterned(size))))
    expect(tab.workers()).toHaveLength(0)
    expect(await hashedOnMainThread()).toBe(true)
    await tab.close()
  })
})

// checksumAlgorithm 'sha256' (issue 13): Web Crypto in its own Blob-URL worker, loaded only when asked for.
describe('the SHA-256 hasher in Chromium, from the built library', () => {
  it('hashes in Blob-URL workers with digests equal to node:crypto, and none of it loads for MD5 alone', async () => {
    const { tab } = await open('index.html')
    // MD5 first: the SHA-256 worker is not started until a SHA-256 is asked for.
    await tab.evaluate(() => window.md5OfSizes([10]))
    const md5Workers = tab.workers().length
    expect(tab.workers().map((worker) => worker.url()).every((url) => url.startsWith('blob:'))).toBe(true)
    const digests = await tab.evaluate((sizes) => window.sha256OfSizes(sizes), SIZES)
    expect(digests).toEqual(SIZES.map((size) => nodeSha256(patterned(size))))
    expect(tab.workers().length).toBeGreaterThan(md5Workers)
    expect(await tab.evaluate(() => window.mainThreadReads())).toBe(0)
    await tab.close()
  })

  it('hashes a disk-backed File from the file input', async () => {
    const bytes = randomBytes(9 * MiB + 7)
    const file = path.join(tempDir, 'picked-sha256.bin')
    await writeFile(file, bytes)
    const { tab } = await open('index.html')
    await tab.setInputFiles('#pick', file)
    expect(await tab.evaluate(() => window.sha256OfPicked())).toBe(nodeSha256(bytes))
    expect(await tab.evaluate(() => window.mainThreadReads())).toBe(0)
    await tab.close()
  })

  it('hashes on the main thread when the CSP forbids workers, with the same digests', async () => {
    const { tab } = await open('csp.html')
    const digests = await tab.evaluate((sizes) => window.sha256OfSizes(sizes), SIZES)
    expect(digests).toEqual(SIZES.map((size) => nodeSha256(patterned(size))))
    expect(tab.workers()).toHaveLength(0)
    expect(await tab.evaluate(() => window.mainThreadReads())).toBeGreaterThan(0)
    await tab.close()
  })
})
