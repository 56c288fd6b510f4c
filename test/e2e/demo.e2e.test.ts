// The README's first command (`npm run demo`): the demo page on the embedded
// store. Starts the same pieces demo/serve.mjs starts and uploads through the
// page; then runs serve.mjs itself to see its data survive a restart, and --reset.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM script without types
import { startAppServer } from '../../demo/app-server.mjs'
// @ts-expect-error plain ESM script without types
import { startEmbeddedS3 } from '../../demo/embedded-s3.mjs'
import { launchChromium } from './support/browser.js'

const demoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../demo')

let browser: Browser
let store: { storage: unknown; listObjects: () => Promise<unknown>; close: () => Promise<void> }
let app: { url: string; close: () => Promise<void> }
let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'rps3-demo-test-'))
  store = await startEmbeddedS3({ directory: dataDir })
  app = await startAppServer({ root: demoRoot, storage: store.storage, listObjects: store.listObjects })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await store?.close()
  await rm(dataDir, { recursive: true, force: true })
})

it('uploads through the demo page into the embedded store and lists it', async () => {
  const page = await browser.newPage()
  await page.goto(`${app.url}/`)
  await page.getByText('The bucket is empty').waitFor()
  await page.getByLabel('Files to upload').setInputFiles([
    { name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('hello demo') },
  ])
  const cell = page.getByRole('cell', { name: /^uploads\/.+\/hello\.txt$/ })
  await cell.waitFor({ timeout: 30_000 })
  const listed = (await (await fetch(`${app.url}/api/objects`)).json()) as { objects: Array<{ key: string; size: number }> }
  expect(listed.objects).toEqual([expect.objectContaining({ key: await cell.innerText(), size: 10 })])
  await page.close()
})

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

/** The gallery's image for `name`, once `<SignedImage>` has loaded it through its signed URL. */
async function galleryImage(page: Page, name: string) {
  const image = page.getByRole('list', { name: 'Uploaded images' }).getByRole('img', { name })
  await image.and(page.locator('[data-state="loaded"]')).waitFor({ timeout: 30_000 })
  return image
}

it('shows an uploaded image in the gallery with <SignedImage>, and other files as signed download links', async () => {
  const page = await browser.newPage()
  await page.goto(`${app.url}/`)
  await page.getByLabel('Files to upload').setInputFiles([{ name: 'dot.png', mimeType: 'image/png', buffer: PNG }])
  const image = await galleryImage(page, 'dot.png')
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1)
  expect(await image.getAttribute('src')).toMatch(/X-Amz-Signature=/)
  expect(await page.getByTestId('url-life').innerText()).toMatch(/^URL signed .+, valid until .+$/)
  // hello.txt is the first test's upload, in the same store.
  const link = page.getByRole('link', { name: 'Download hello.txt' })
  const href = (await link.getAttribute('href'))!
  expect(new URL(href).searchParams.get('response-content-disposition')).toBe('attachment; filename="hello.txt"')
  const download = await fetch(href)
  expect(download.headers.get('content-disposition')).toBe('attachment; filename="hello.txt"')
  expect(await download.text()).toBe('hello demo')
  await page.close()
})

describe('npm run demo (demo/serve.mjs)', () => {
  let demoData: string
  let running: { child: ChildProcess; url: string } | undefined
  beforeAll(async () => {
    demoData = await mkdtemp(path.join(os.tmpdir(), 'rps3-demo-serve-'))
  })
  afterEach(async () => {
    await stopDemo()
  })
  afterAll(async () => {
    await rm(demoData, { recursive: true, force: true })
  })

  async function startDemo(...args: string[]): Promise<string> {
    const child = spawn(process.execPath, [path.join(demoRoot, 'serve.mjs'), ...args], {
      env: { ...process.env, PORT: '0', DEMO_DATA_DIR: demoData },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const url = await new Promise<string>((resolve, reject) => {
      let output = ''
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const found = /demo: (http:\/\/\S+?)\/\s/.exec(output)
        if (found) resolve(found[1]!)
      })
      child.once('exit', (code) => reject(new Error(`serve.mjs exited (${code}) before listening:\n${output}`)))
    })
    running = { child, url }
    return url
  }

  async function stopDemo(): Promise<void> {
    if (!running) return
    const { child } = running
    running = undefined
    if (child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }

  it('keeps its data across a restart, and --reset empties it', async () => {
    let page = await browser.newPage()
    await page.goto(`${await startDemo('--reset')}/`)
    await page.getByText('The bucket is empty').waitFor()
    await page.getByLabel('Files to upload').setInputFiles([{ name: 'kept.png', mimeType: 'image/png', buffer: PNG }])
    await galleryImage(page, 'kept.png')
    await page.close()
    await stopDemo()

    page = await browser.newPage()
    await page.goto(`${await startDemo()}/`)
    await galleryImage(page, 'kept.png')
    await page.close()
    await stopDemo()

    page = await browser.newPage()
    await page.goto(`${await startDemo('--reset')}/`)
    await page.getByText('The bucket is empty').waitFor()
    await page.close()
  })
})
