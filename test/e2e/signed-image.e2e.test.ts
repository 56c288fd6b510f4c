import type { S3Client } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppServer } from './support/app.js'
import { launchChromium } from './support/browser.js'
import { startImagesApp } from './support/images-app.js'
import { rgwClient } from './support/s3.js'
import { PNG, deleteKeys, imageStates, pageUrl, putPngs, signingLog, watchStore } from './support/signed-images.js'

const KEYS = Array.from({ length: 12 }, (_, index) => `users/alice/steady-${index}.png`)
const THEIRS = 'users/bob/secret.png'
const DELETED = 'users/alice/deleted.png'

let browser: Browser
let s3: S3Client

beforeAll(async () => {
  browser = await launchChromium()
  s3 = rgwClient()
  await putPngs(s3, [...KEYS, THEIRS, DELETED])
})
afterAll(async () => {
  await browser?.close()
  await deleteKeys(s3, [...KEYS, THEIRS, DELETED])
  s3?.destroy()
})

describe('<SignedImage> against Ceph RGW in Chromium', () => {
  let app: AppServer
  const signing = signingLog()
  beforeAll(async () => {
    app = await startImagesApp({ presign: { getObjectExpiresIn: 10 }, wrapHandler: signing.wrap })
  })
  afterAll(() => app?.close())

  it('keeps 12 pictures on screen over 40 s of 10-second URLs with no store GET, and swaps in a fresh URL when one is dropped', async () => {
    const page = await browser.newPage()
    const store = await watchStore(page)
    await page.goto(pageUrl(app.url, KEYS))
    for (const key of KEYS) await page.locator(`img[alt="${key}"][data-state="loaded"]`).waitFor({ timeout: 30_000 })
    const firstSrc = await page.locator(`img[alt="${KEYS[0]}"]`).getAttribute('src')
    const signedBefore = signing.bodies.length
    const getsBefore = store.requests.length

    for (let second = 0; second < 40; second += 1) {
      await page.waitForTimeout(1000)
      for (const image of await imageStates(page)) {
        expect(image.shown, `${image.key} at ${second} s`).toBe(true)
        expect(image.state, `${image.key} at ${second} s`).toBe('loaded')
      }
    }

    // The cache kept fresh URLs ready (one request per round for all 12: 10 s URLs, ~7.7 s apart)...
    expect(signing.bodies.length - signedBefore).toBeGreaterThanOrEqual(4)
    expect(signing.bodies.length - signedBefore).toBeLessThanOrEqual(8)
    // ...and not one picture was downloaded again: each <img> kept the picture it decoded.
    expect(store.requests.length - getsBefore).toBe(0)
    const record = await page.evaluate(() => window.imageRecord)
    expect(record.imageErrors).toEqual([])
    expect(record.unhandled).toEqual([])
    for (const key of KEYS) expect(new Set(record.srcs[key]).size, key).toBe(1)
    // The URL on screen has expired by now: only the decoded picture is left of it.
    expect((await fetch(firstSrc!)).status).toBe(403)

    // The browser drops the picture and loads its (expired) URL again, as after an eviction;
    // a URL the store refuses stands for it here.
    await page.evaluate((key) => {
      const img = document.querySelector<HTMLImageElement>(`img[alt="${key}"]`)!
      img.src = `${img.src}&evicted=1`
    }, KEYS[0]!)
    await page.waitForFunction((key) => {
      const img = document.querySelector<HTMLImageElement>(`img[alt="${key}"]`)!
      return img.complete && img.naturalWidth > 0 && !img.src.includes('evicted') && img.dataset.state === 'loaded'
    }, KEYS[0]!, { timeout: 20_000 })
    const current = await page.locator(`img[alt="${KEYS[0]}"]`).getAttribute('src')
    expect(current).not.toBe(firstSrc)
    const response = await fetch(current!)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true)
    await page.close()
  })

  it('refuses a key the user may not read: error state, data-error="forbidden", the fallback', async () => {
    const page = await browser.newPage()
    await page.goto(pageUrl(app.url, [KEYS[0]!, THEIRS]))
    // Hidden under the fallback, so wait for it in the DOM rather than on screen.
    await page.locator(`img[alt="${THEIRS}"][data-state="error"]`).waitFor({ state: 'attached', timeout: 20_000 })
    await expect(page.locator(`img[alt="${THEIRS}"]`).getAttribute('data-error')).resolves.toBe('forbidden')
    await expect(page.locator(`[data-fallback="${THEIRS}"]`).textContent()).resolves.toBe(`Cannot show ${THEIRS}`)
    await page.locator(`img[alt="${KEYS[0]}"][data-state="loaded"]`).waitFor({ timeout: 20_000 })
    const record = await page.evaluate(() => window.imageRecord)
    expect(record.srcs[THEIRS]).toBeUndefined()
    expect(record.statuses[THEIRS]).toContain('error')
    expect(record.unhandled).toEqual([])
    await page.close()
  })

  it('says not-found for a deleted object, and stops signing it', async () => {
    await deleteKeys(s3, [DELETED])
    const page = await browser.newPage()
    await page.goto(pageUrl(app.url, [KEYS[0]!, DELETED]))
    await page.locator(`img[alt="${DELETED}"][data-state="error"]`).waitFor({ state: 'attached', timeout: 30_000 })
    await expect(page.locator(`img[alt="${DELETED}"]`).getAttribute('data-error')).resolves.toBe('not-found')
    const mentions = () => signing.bodies.filter((body) => body.keys.includes(DELETED))
    // One sign, one re-sign after the first failed load, one check.
    expect(mentions().map((body) => body.check === true)).toEqual([false, false, true])
    const before = signing.bodies.length
    await page.waitForTimeout(20_000)
    // The other key is still re-signed every round; the deleted one never again.
    expect(signing.bodies.length - before).toBeGreaterThanOrEqual(2)
    expect(mentions()).toHaveLength(3)
    await page.close()
  })
})
