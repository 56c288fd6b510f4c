import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2eApp, type AppServer } from './support/app.js'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { listKeys, readObject } from './support/s3.js'

type Handler = (request: Request) => Promise<Response>

const env = useBrowserAndStore()

async function openUploader(app: AppServer): Promise<Page> {
  const page = await env.browser.newPage()
  await page.goto(`${app.url}/`)
  await page.getByRole('button', { name: 'Choose files' }).waitFor()
  return page
}

function recorded(page: Page) {
  return page.evaluate(() => window.recorded)
}

describe('S3Uploader → signing endpoint → Ceph RGW', () => {
  let app: AppServer
  beforeAll(async () => {
    app = await startE2eApp()
  })
  afterAll(() => app?.close())

  it('uploads a non-ASCII name, an empty file and a multi-MiB file byte for byte', async () => {
    const files = [
      { name: 'résumé 東京.txt', mimeType: 'text/plain', buffer: Buffer.from('Grüße aus Tōkyō\n') },
      { name: 'empty.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) },
      { name: 'big.png', mimeType: 'image/png', buffer: randomBytes(6 * 1024 * 1024 + 123) },
    ]
    const page = await openUploader(app)
    await page.getByLabel('Files to upload').setInputFiles(files)

    await page.getByRole('status').filter({ hasText: '3 of 3 files uploaded' }).waitFor({ timeout: 60_000 })
    const { completed, errors, unhandled } = await recorded(page)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])
    const uploaded = completed.flat()
    expect(uploaded.map((file) => file.name).sort()).toEqual(files.map((file) => file.name).sort())

    for (const file of files) {
      const entry = uploaded.find((candidate) => candidate.name === file.name)!
      expect(entry.key).toMatch(/^uploads\//)
      const stored = await readObject(env.s3, entry.key)
      expect(stored.contentType).toBe(file.mimeType)
      expect(stored.body.equals(file.buffer)).toBe(true)
    }
    const nonAscii = uploaded.find((file) => file.name === 'résumé 東京.txt')!
    expect(nonAscii.key.normalize('NFC')).toContain('résumé')
    await expect(page.getByRole('progressbar', { name: 'Total upload progress' }).getAttribute('aria-valuenow')).resolves.toBe('100')
    await page.close()
  })

  it('refuses an endpoint request without the host app\'s auth header', async () => {
    const page = await env.browser.newPage()
    await page.goto(`${app.url}/?token=wrong`)
    await page.getByLabel('Files to upload').setInputFiles([{ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('a') }])
    await page.locator('li[data-status="error"]').waitFor({ timeout: 30_000 })
    const { errors } = await recorded(page)
    expect(errors).toEqual([expect.objectContaining({ code: 'ENDPOINT_REJECTED', file: 'a.txt' })])
    await page.close()
  })
})

describe('what RGW refuses is shown as a clear error', () => {
  it('an upload URL used after it expired', async () => {
    // Sign 1-second URLs, then hold the reply back so the URL is stale when the browser uses it.
    const delayReply = (handler: Handler): Handler => async (request) => {
      const response = await handler(request)
      await new Promise((resolve) => setTimeout(resolve, 2500))
      return response
    }
    const app = await startE2eApp({ presign: { expiresIn: 1 }, wrapHandler: delayReply })
    try {
      const page = await openUploader(app)
      await page.getByLabel('Files to upload').setInputFiles([{ name: 'late.txt', mimeType: 'text/plain', buffer: Buffer.from('too late') }])
      const row = page.locator('li[data-status="error"]', { hasText: 'late.txt' })
      await row.waitFor({ timeout: 60_000 })
      await expect(row.textContent()).resolves.toContain('The upload link expired')
      const { errors, completed, unhandled } = await recorded(page)
      expect(errors).toEqual([expect.objectContaining({ code: 'STORAGE_URL_EXPIRED', file: 'late.txt' })])
      expect(completed).toEqual([])
      expect(unhandled).toEqual([])
      expect((await listKeys(env.s3)).filter((key) => key.endsWith('late.txt'))).toEqual([])
      await page.close()
    } finally {
      await app.close()
    }
  })

  it('a body of another size than was signed', async () => {
    // A signing endpoint that signs one byte more than the browser will send.
    const lieAboutSize = (handler: Handler): Handler => async (request) => {
      // RGW's refusals reach the page as network errors, so the uploader probes the endpoint (HEAD, no body).
      if (request.method !== 'POST') return handler(request)
      const body = await request.json()
      if (body.file) body.file.size += 1
      const headers = new Headers(request.headers)
      headers.delete('content-length')
      return handler(new Request(request.url, { method: 'POST', headers, body: JSON.stringify(body) }))
    }
    const app = await startE2eApp({ wrapHandler: lieAboutSize })
    try {
      const page = await openUploader(app)
      await page.getByLabel('Files to upload').setInputFiles([{ name: 'short.txt', mimeType: 'text/plain', buffer: Buffer.from('12345') }])
      const row = page.locator('li[data-status="error"]', { hasText: 'short.txt' })
      await row.waitFor({ timeout: 60_000 })
      await expect(row.textContent()).resolves.toMatch(/storage/i)
      const { errors, completed } = await recorded(page)
      expect(errors).toEqual([expect.objectContaining({ file: 'short.txt' })])
      expect(errors[0]!.code).toMatch(/^STORAGE_/)
      expect(completed).toEqual([])
      expect((await listKeys(env.s3)).filter((key) => key.endsWith('short.txt'))).toEqual([])
      await page.close()
    } finally {
      await app.close()
    }
  })
})
