import type { S3Client } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppServer } from './support/app.js'
import { launchChromium } from './support/browser.js'
import { startImagesApp } from './support/images-app.js'
import { rgwClient } from './support/s3.js'
import { deleteKeys, imageStates, pageUrl, putPngs, signingLog, watchStore } from './support/signed-images.js'

const KEYS = Array.from({ length: 20 }, (_, index) => `users/alice/outage-${index}.png`)
const CACHED = Array.from({ length: 20 }, (_, index) => `users/alice/cached-${index}.png`)

let browser: Browser
let s3: S3Client

beforeAll(async () => {
  browser = await launchChromium()
  s3 = rgwClient()
  await putPngs(s3, [...KEYS, ...CACHED])
})
afterAll(async () => {
  await browser?.close()
  await deleteKeys(s3, [...KEYS, ...CACHED])
  s3?.destroy()
})

describe('<SignedImage> through a 10 s outage of the signing endpoint', () => {
  let app: AppServer
  const signing = signingLog()
  beforeAll(async () => {
    app = await startImagesApp({ presign: { getObjectExpiresIn: 10 }, wrapHandler: signing.wrap })
  })
  afterAll(() => app?.close())

  it('keeps every displayed picture out of error, marks it stale, and has all fresh again after', async () => {
    const page = await browser.newPage()
    await page.goto(pageUrl(app.url, KEYS))
    for (const key of KEYS) await page.locator(`img[alt="${key}"][data-state="loaded"]`).waitFor({ timeout: 30_000 })

    signing.down = true
    const refusedFrom = signing.bodies.length
    let sawStale = false
    for (let second = 0; second < 10; second += 1) {
      await page.waitForTimeout(1000)
      for (const image of await imageStates(page)) {
        expect(image.shown, `${image.key} at ${second} s of the outage`).toBe(true)
        expect(image.state, `${image.key} at ${second} s of the outage`).toBe('loaded')
        sawStale ||= image.stale
      }
    }
    signing.down = false
    // 10 s URLs are past due by the end (re-signed at ~7.7 s): the pictures said so...
    expect(sawStale).toBe(true)
    // ...and the cache kept trying, with backoff, during the outage.
    expect(signing.bodies.length - refusedFrom).toBeGreaterThanOrEqual(2)

    // Back: the first success brings every key back (the goal is within 10 s; generous here).
    await page.waitForFunction(
      () => [...document.querySelectorAll('img')].every((img) => img.dataset.state === 'loaded' && img.dataset.stale === undefined),
      undefined,
      { timeout: 20_000, polling: 250 },
    )
    const record = await page.evaluate(() => window.imageRecord)
    for (const key of KEYS) expect(record.statuses[key], key).not.toContain('error')
    expect(record.imageErrors).toEqual([])
    expect(record.unhandled).toEqual([])
    await page.close()
  })
})

describe('<SignedImage> with URLs the browser can cache (getObjectSigningWindow, getObjectCacheControl)', () => {
  const WINDOW_S = 300
  let app: AppServer
  beforeAll(async () => {
    app = await startImagesApp({
      presign: { getObjectExpiresIn: 600, getObjectSigningWindow: WINDOW_S, getObjectCacheControl: 'private, max-age=600' },
    })
  })
  afterAll(() => app?.close())

  it('serves at least 95% of the pictures from the browser cache on the next page load', async () => {
    // Both loads must fall in one window: start with at least 60 s of it left.
    const intoWindow = Date.now() % (WINDOW_S * 1000)
    if (intoWindow > (WINDOW_S - 60) * 1000) await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000 - intoWindow + 500))
    const context = await browser.newContext()
    const load = async () => {
      const page = await context.newPage()
      const store = await watchStore(page)
      await page.goto(pageUrl(app.url, CACHED))
      for (const key of CACHED) await page.locator(`img[alt="${key}"][data-state="loaded"]`).waitFor({ timeout: 30_000 })
      const srcs = (await imageStates(page)).map((image) => image.src)
      await page.close()
      return { store, srcs }
    }
    const first = await load()
    const second = await load()
    // The same key gave the same URL within the window...
    expect(second.srcs).toEqual(first.srcs)
    expect(first.store.responses.filter((response) => !response.fromCache).length).toBeGreaterThanOrEqual(CACHED.length)
    // ...so the second page's loads were answered by the browser's cache.
    const fetched = second.store.responses.filter((response) => !response.fromCache)
    const cached = second.store.responses.filter((response) => response.fromCache)
    expect(fetched.length).toBeLessThanOrEqual(Math.floor(CACHED.length * 0.05))
    expect(cached.length).toBeGreaterThanOrEqual(Math.ceil(CACHED.length * 0.95))
    const cacheControl = await fetch(first.srcs[0]!).then((response) => response.headers.get('cache-control'))
    expect(cacheControl).toBe('private, max-age=600')
    await context.close()
  })
})
