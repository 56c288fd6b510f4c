import { randomBytes } from 'node:crypto'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startE2eApp, type AppServer } from './support/app.js'
import { launchChromium } from './support/browser.js'
// @ts-expect-error plain ESM script without types, shared with bench/
import { startCompanion } from '../../tools/companion.mjs'
import { listKeys, readObject, rgwClient } from './support/s3.js'

// <S3Uploader companionEndpoint> against a real @uppy/companion server (from npm)
// whose S3 routes point at the test's Ceph RGW: a presigned POST for a small
// file, Companion's multipart routes for a larger one.
let browser: Browser
let s3: S3Client
let app: AppServer
let companion: { url: string; close(): Promise<void> }

beforeAll(async () => {
  browser = await launchChromium()
  s3 = rgwClient()
  app = await startE2eApp()
  companion = await startCompanion({ ...inject('rgw'), keyPrefix: 'companion/' })
})
afterAll(async () => {
  await browser?.close()
  await companion?.close()
  await app?.close()
  s3?.destroy()
})

describe('S3Uploader → Uppy Companion → Ceph RGW', () => {
  it('uploads a small file and a multipart file through Companion, byte for byte', async () => {
    const files = [
      { name: 'via companion.txt', mimeType: 'text/plain', buffer: Buffer.from('signed by Companion\n') },
      { name: 'parts.bin', mimeType: 'application/octet-stream', buffer: randomBytes(6 * 1024 * 1024 + 3) },
    ]
    const page = await browser.newPage()
    const query = new URLSearchParams({ companion: companion.url, multipartThreshold: String(5 * 1024 * 1024) })
    await page.goto(`${app.url}/?${query}`)
    await page.getByLabel('Files to upload').setInputFiles(files)
    await page.getByRole('status').filter({ hasText: '2 of 2 files uploaded' }).waitFor({ timeout: 60_000 })
    const { completed, errors, unhandled } = await page.evaluate(() => window.recorded)
    expect({ errors, unhandled }).toEqual({ errors: [], unhandled: [] })
    const uploaded = completed.flat()
    expect(uploaded.map((file) => file.name).sort()).toEqual(['parts.bin', 'via companion.txt'])

    const stored = await listKeys(s3, 'companion/')
    for (const file of files) {
      const key = stored.find((candidate) => candidate.endsWith(`/${file.name}`))
      expect(key, `${file.name} in ${stored.join(', ')}`).toBeDefined()
      const object = await readObject(s3, key!)
      expect(object.body.equals(file.buffer)).toBe(true)
      expect(object.contentType).toBe(file.mimeType)
      expect(uploaded.find((entry) => entry.name === file.name)?.key).toBe(key)
    }
    await page.close()
  })
})
