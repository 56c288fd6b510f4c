import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser.js'
import { listKeys, readObject, rgwClient } from './support/s3.js'
import {
  fileProgress,
  multipartUploadsFor,
  recorded,
  startProxy,
  startTransportApp,
  type FaultProxy,
  type TransportApp,
} from './support/transport.js'

const MiB = 1024 * 1024
const QUERY = `?threshold=${5 * MiB}&partSize=${5 * MiB}&parallel=2`
let browser: Browser
let s3: S3Client
let proxy: FaultProxy
let app: TransportApp
let dir: string

beforeAll(async () => {
  browser = await launchChromium()
  s3 = rgwClient()
  // Each request body at 4 MiB/s: a 5 MiB part takes a bit over a second.
  proxy = await startProxy({ bytesPerSecond: 4 * MiB })
  app = await startTransportApp(proxy)
  dir = await mkdtemp(path.join(tmpdir(), 'rps3-e2e-'))
})
afterAll(async () => {
  await browser?.close()
  s3?.destroy()
  await app?.close()
  await proxy?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** A file on disk, as a user picks it (disk-backed in Chromium, with a real lastModified). */
async function diskFile(name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size)
  const file = path.join(dir, name)
  await writeFile(file, bytes)
  return { path: file, bytes }
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`${app.url}/${QUERY}`)
  return page
}

async function waitForProgress(page: Page, name: string, atLeast: number) {
  await expect.poll(() => fileProgress(page, name), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(atLeast)
}

const partPutsSince = (start: number, uploadKeyFragment = '') =>
  proxy.seen.slice(start).filter((r) => r.method === 'PUT' && r.url.includes('uploadId=') && r.url.includes(uploadKeyFragment))

describe('pause, resume, cancel and reload with multipart uploads on RGW', () => {
  it('pauses (no new part starts) and resumes to a byte-identical object', async () => {
    const file = await diskFile('pause-me.bin', 30 * MiB)
    const page = await openPage()
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await waitForProgress(page, 'pause-me.bin', 5)
    await page.getByRole('button', { name: 'Pause pause-me.bin' }).click()
    await page.locator('li[data-status="paused"]', { hasText: 'pause-me.bin' }).waitFor()
    const pausedAt = proxy.seen.length
    await page.waitForTimeout(1500)
    expect(partPutsSince(pausedAt)).toEqual([])
    await page.getByRole('button', { name: 'Resume pause-me.bin' }).click()
    await page.getByRole('status').filter({ hasText: '1 of 1 file uploaded' }).waitFor({ timeout: 60_000 })
    const { completed, errors } = await recorded(page)
    expect(errors).toEqual([])
    expect((await readObject(s3, completed.flat()[0]!.key)).body.equals(file.bytes)).toBe(true)
    expect(await multipartUploadsFor(s3, 'pause-me.bin')).toEqual([])
    await page.close()
  })

  it('cancel aborts the multipart upload in the store: nothing is left', async () => {
    const file = await diskFile('cancel-me.bin', 30 * MiB)
    const page = await openPage()
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await waitForProgress(page, 'cancel-me.bin', 5)
    expect(await multipartUploadsFor(s3, 'cancel-me.bin')).toHaveLength(1)
    await page.getByRole('button', { name: 'Cancel cancel-me.bin' }).click()
    await expect.poll(() => page.getByText('cancel-me.bin').count()).toBe(0)
    await expect.poll(() => multipartUploadsFor(s3, 'cancel-me.bin'), { timeout: 15_000 }).toEqual([])
    expect((await listKeys(s3, 'uploads/')).filter((key) => key.endsWith('/cancel-me.bin'))).toEqual([])
    const { errors, unhandled } = await recorded(page)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])
    await page.close()
  })

  it('resumes after a page reload without sending the parts already in the store', async () => {
    const file = await diskFile('reload-me.bin', 30 * MiB)
    const page = await openPage()
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await waitForProgress(page, 'reload-me.bin', 45)
    await page.reload()
    const [uploadKey] = await multipartUploadsFor(s3, 'reload-me.bin')
    expect(uploadKey).toBeDefined()
    const reloadedAt = proxy.seen.length
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await page.getByRole('status').filter({ hasText: '1 of 1 file uploaded' }).waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      // Failed once in CI under load (not reproduced alone): say what the page showed and what the store saw.
      const rows = await page.evaluate(() => [...document.querySelectorAll('li[data-status]')].map((row) => `${row.getAttribute('data-status')}: ${row.textContent}`))
      const since = proxy.seen.slice(reloadedAt).map((request) => `${request.method} ${request.url.split('?')[1]?.slice(0, 40) ?? ''} ${request.action}`)
      throw new Error(`${String(error)}\nrows: ${JSON.stringify(rows)}\nrequests since the reload: ${JSON.stringify(since)}`)
    })
    const { completed, errors } = await recorded(page)
    expect(errors).toEqual([])
    const key = completed.flat()[0]!.key
    expect(key).toBe(uploadKey)
    expect((await readObject(s3, key)).body.equals(file.bytes)).toBe(true)
    const after = proxy.seen.slice(reloadedAt)
    expect(after.some((r) => r.method === 'GET' && r.url.includes('uploadId='))).toBe(true) // ListParts
    expect(partPutsSince(reloadedAt).length).toBeLessThan(6) // 6 parts in all; some were already there
    expect(await multipartUploadsFor(s3, 'reload-me.bin')).toEqual([])
    await page.close()
  })
})
