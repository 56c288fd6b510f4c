// The README's first command (`npm run demo`): the demo page on the embedded
// store. Starts the same pieces demo/serve.mjs starts and uploads through the page.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
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
