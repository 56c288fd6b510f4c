import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import type { AppServer } from './support/app.js'
import { launchChromium } from './support/browser.js'
import { startImagesApp } from './support/images-app.js'
import { rgwClient } from './support/s3.js'

type Handler = (request: Request) => Promise<Response>

// A real 1×1 PNG: Chromium must decode it, or the preload counts as a failure.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
const KEYS = ['users/alice/a.png', 'users/alice/b.png', 'users/alice/c.png']
const THEIRS = 'users/bob/secret.png'

let browser: Browser
let s3: S3Client

beforeAll(async () => {
  browser = await launchChromium()
  s3 = rgwClient()
  for (const key of [...KEYS, THEIRS]) {
    await s3.send(new PutObjectCommand({ Bucket: inject('rgw').bucket, Key: key, Body: PNG, ContentType: 'image/png' }))
  }
})
afterAll(async () => {
  await browser?.close()
  await s3?.send(new DeleteObjectsCommand({
    Bucket: inject('rgw').bucket,
    Delete: { Objects: [...KEYS, THEIRS].map((Key) => ({ Key })) },
  }))
  s3?.destroy()
})

/** Counts getObjects requests the handler answers. */
function counting(): { wrap: (handler: Handler) => Handler; count: () => number } {
  let count = 0
  return {
    count: () => count,
    wrap: (handler) => async (request) => {
      const body = await request.clone().json().catch(() => ({}))
      if (body.operation === 'getObjects') count += 1
      return handler(request)
    },
  }
}

function imageStates(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('img')].map((img) => ({
      key: img.alt,
      state: img.dataset.state,
      shown: img.complete && img.naturalWidth > 0,
    })),
  )
}

describe('<SignedImage> against Ceph RGW in Chromium', () => {
  let app: AppServer
  const requests = counting()
  beforeAll(async () => {
    app = await startImagesApp({ presign: { getObjectExpiresIn: 10 }, wrapHandler: requests.wrap })
  })
  afterAll(() => app?.close())

  it('keeps images loaded over 40 s of 10-second URLs, swapping to fresh URLs with no error event', async () => {
    const page = await browser.newPage()
    await page.goto(`${app.url}/?keys=${KEYS.join(',')}`)
    for (const key of KEYS) await page.locator(`img[alt="${key}"][data-state="loaded"]`).waitFor({ timeout: 20_000 })

    for (let second = 0; second < 40; second += 1) {
      await page.waitForTimeout(1000)
      for (const image of await imageStates(page)) {
        expect(image.shown, `${image.key} at ${second} s`).toBe(true)
        expect(['loaded', 'refreshing'], `${image.key} at ${second} s`).toContain(image.state)
      }
    }

    const record = await page.evaluate(() => window.imageRecord)
    expect(record.imageErrors).toEqual([])
    expect(record.unhandled).toEqual([])
    for (const key of KEYS) {
      // 10 s URLs live 9 s counted conservatively, re-signed at 85%: a new URL every ~7.7 s.
      expect(new Set(record.srcs[key]).size, key).toBeGreaterThanOrEqual(5)
      expect(record.statuses[key], key).not.toContain('error')
    }
    // The three images share each refresh round: one request per round, not one per image.
    expect(requests.count()).toBeGreaterThanOrEqual(5)
    expect(requests.count()).toBeLessThanOrEqual(8)
    // The first URL really expired, and the one on screen really works.
    const srcs = record.srcs[KEYS[0]!]!
    expect((await fetch(srcs[0]!)).status).toBe(403)
    const current = await page.locator(`img[alt="${KEYS[0]}"]`).getAttribute('src')
    const response = await fetch(current!)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true)
    await page.close()
  })

  it('refuses a key the user may not read, shown as the error state with the fallback', async () => {
    const page = await browser.newPage()
    await page.goto(`${app.url}/?keys=${KEYS[0]},${THEIRS}`)
    // Hidden under the fallback, so wait for it in the DOM rather than on screen.
    await page.locator(`img[alt="${THEIRS}"][data-state="error"]`).waitFor({ state: 'attached', timeout: 20_000 })
    await expect(page.locator(`[data-fallback="${THEIRS}"]`).textContent()).resolves.toBe(`Cannot show ${THEIRS}`)
    await page.locator(`img[alt="${KEYS[0]}"][data-state="loaded"]`).waitFor({ timeout: 20_000 })
    const record = await page.evaluate(() => window.imageRecord)
    expect(record.srcs[THEIRS]).toBeUndefined()
    expect(record.statuses[THEIRS]).toContain('error')
    expect(record.unhandled).toEqual([])
    await page.close()
  })
})
