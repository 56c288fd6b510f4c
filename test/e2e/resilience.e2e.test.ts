// Uploads that survive the user's day, in Chromium against RGW: the network drops for 30 s,
// the page reloads, files are removed, and a file does not fit the browser's budget.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { storedQueue, watchPartPuts } from './support/resilience.js'
import { readObject } from './support/s3.js'
import { fileProgress, multipartUploadsFor, recorded } from './support/transport.js'
import { useTransportRig, type DiskFile } from './support/transport-rig.js'

const MiB = 1024 * 1024
const BIG = 200 * MiB
const PART = 8 * MiB
const PARTS = BIG / PART
const SMALL = 100
// Three files at once (the big one and two small ones), three parts of the big one at once.
const QUERY = `?threshold=${5 * MiB}&partSize=${PART}&parallel=3&concurrency=3`

// Slow enough that the 200 MiB file and the 100 small ones are both mid-way when the test acts;
// URLs that live 20 s (usable for 15): a 30 s outage outlives them, so they must be re-signed.
const rig = useTransportRig({ bytesPerSecond: 8 * MiB, latencyMs: 100 }, { expiresIn: 20 })

/** One 200 MiB file and 100 small ones, named after the test so objects do not mix. */
async function batch(tag: string): Promise<{ big: DiskFile; small: DiskFile[] }> {
  const big = await rig.diskFile(`${tag}-big.bin`, BIG)
  const small = await Promise.all(Array.from({ length: SMALL }, (_, i) => rig.diskFile(`${tag}-small-${i}.bin`, 32 * 1024 + i)))
  return { big, small }
}

async function openPage(query = ''): Promise<Page> {
  const page = await rig.browser.newPage() // a context of its own: its own IndexedDB and localStorage
  page.on('dialog', (dialog) => void dialog.accept()) // a "leave the page?" prompt must not block the reload
  await page.goto(`${rig.app.url}/${QUERY}${query}`)
  return page
}

const rows = (page: Page, status: string) => page.locator(`li[data-status="${status}"]`).count()
/**
 * Files landed, from the list's summary line: with 101 files the list is virtualized and puts
 * what is in progress first, so landed rows are not all mounted and counting them undercounts.
 */
async function landed(page: Page): Promise<number> {
  const summary = await page.locator('.rps3-summary').textContent()
  return Number(/^([\d,]+) of/.exec(summary ?? '')?.[1]?.replace(/,/g, '') ?? 0)
}
const total = SMALL + 1

async function expectLanded(page: Page, files: DiskFile[]) {
  await page.getByRole('status').filter({ hasText: `${files.length} of ${files.length} files uploaded` }).waitFor({ timeout: 150_000 })
  const { completed, errors, unhandled } = await recorded(page)
  expect(errors).toEqual([])
  expect(unhandled).toEqual([])
  expect(await rows(page, 'error')).toBe(0)
  const keyOf = new Map(completed.flat().map((file) => [file.name, file.key]))
  for (const file of files) {
    const key = keyOf.get(file.name)
    expect(key, file.name).toBeDefined()
    expect((await readObject(rig.s3, key!)).body.equals(file.bytes), file.name).toBe(true)
  }
}

describe('offline is a pause, not a failure', () => {
  it('30 s offline mid-way through a 200 MiB multipart upload and 100 small files: all land once, nothing fails', async () => {
    const { big, small } = await batch('offline')
    const page = await openPage()
    const parts = watchPartPuts(page)
    await page.getByLabel('Files to upload').setInputFiles([big.path, ...small.map((file) => file.path)])
    await expect
      .poll(async () => (await fileProgress(page, big.name)) >= 15 && (await landed(page)) >= 3, { timeout: 90_000, interval: 200 })
      .toBe(true)
    await page.context().setOffline(true)
    const cutAt = parts.attempts()
    expect(await landed(page)).toBeLessThan(total) // really mid-way through the small ones
    await expect.poll(() => rows(page, 'waiting-for-network'), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.getByRole('status').filter({ hasText: /Offline: \d+ files? wait for the network/ }).waitFor()
    await page.getByText('Waiting for the network').first().waitFor()
    const seenWhileOffline = rig.proxy.seen.length
    await page.waitForTimeout(30_000)
    expect(rig.proxy.seen.length).toBe(seenWhileOffline) // nothing got out
    expect(await rows(page, 'error')).toBe(0)
    await page.context().setOffline(false)

    await expectLanded(page, [big, ...small])
    // Each part landed once.
    expect(parts.landedCounts(PARTS)).toEqual(Array.from({ length: PARTS }, () => 1))
    // Every try of a part, those cut by the outage included (the 3 in flight, and any started before the page heard of it).
    expect(parts.attempts()).toBeLessThanOrEqual(PARTS + 6)
    expect(cutAt).toBeLessThan(PARTS)
    // URLs signed before the outage had expired: parts were signed again.
    expect(rig.app.operations.filter((operation) => operation === 'signParts').length).toBeGreaterThan(1)
    expect(await multipartUploadsFor(rig.s3, big.name)).toEqual([])
    expect(await storedQueue(page)).toEqual([])
    await page.close()
  })
  // The CI run that found it: the outage above began while two files' confirms were on their way,
  // and those files used up their attempts offline. Here that moment is made, not hoped for.
  it('a file whose bytes landed as the network dropped is confirmed when it is back, not failed', async () => {
    const files = await Promise.all([0, 1, 2].map((i) => rig.diskFile(`confirm-cut-${i}.bin`, 4096 + i)))
    // Quick and few retries: without the wait for the network, 3 tries would all fail within a second offline.
    const page = await openPage('&attempts=3&baseDelay=50')
    let release: (() => Promise<void>) | undefined
    const held = new Promise<void>((resolve) => {
      void page.route('**/api/s3', async (route) => {
        const body = route.request().postData() ?? ''
        if (release !== undefined || !body.includes('confirmUpload')) return route.continue()
        release = () => route.abort('internetdisconnected')
        resolve()
      })
    })
    await page.getByLabel('Files to upload').setInputFiles(files.map((file) => file.path))
    await held
    await page.context().setOffline(true)
    await release!()
    await page.getByText('Waiting for the network').first().waitFor()
    await page.waitForTimeout(3000)
    expect(await rows(page, 'error')).toBe(0)
    await page.context().setOffline(false)
    await page.getByRole('status').filter({ hasText: `${files.length} of ${files.length} files uploaded` }).waitFor({ timeout: 60_000 })
    const { completed, errors, unhandled } = await recorded(page)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])
    const keyOf = new Map(completed.flat().map((file) => [file.name, file.key]))
    for (const file of files) expect((await readObject(rig.s3, keyOf.get(file.name)!)).body.equals(file.bytes), file.name).toBe(true)
    await page.close()
  })
})

describe('reload without picking the files again', () => {
  it('shows the unfinished files as "Paused: resume?" after a reload and finishes them, without sending stored parts again', async () => {
    const { big, small } = await batch('reload')
    const page = await openPage()
    const parts = watchPartPuts(page)
    await page.getByLabel('Files to upload').setInputFiles([big.path, ...small.map((file) => file.path)])
    await expect
      .poll(
        async () =>
          (await fileProgress(page, big.name)) >= 25 &&
          (await landed(page)) >= 3 &&
          (await storedQueue(page)).some((record) => record.name === big.name && record.withData),
        { timeout: 120_000, interval: 250 },
      )
      .toBe(true)
    await page.reload()
    const landedBeforeReload = parts.landedNumbers()
    expect(landedBeforeReload.length).toBeGreaterThan(0)
    const reloadedAt = parts.attempts()

    // Nothing picked: the files not yet landed are back, paused, and asking.
    await expect.poll(() => rows(page, 'resumable'), { timeout: 30_000 }).toBeGreaterThan(1)
    const waiting = await rows(page, 'resumable')
    expect(waiting).toBeLessThan(total)
    expect(await page.getByRole('listitem').filter({ hasText: big.name }).textContent()).toContain('Paused: resume?')
    await page.getByRole('button', { name: `Resume ${big.name}` }).click()
    await expect.poll(() => fileProgress(page, big.name), { timeout: 60_000 }).toBeGreaterThan(30)
    // Paused again, so it is surely unfinished when the page is opened again.
    await page.getByRole('button', { name: `Pause ${big.name}` }).click()
    await page.locator('li[data-status="paused"]', { hasText: big.name }).waitFor()

    // Opening the page again with resumeOnReload 'auto': the rest finishes on its own.
    await page.goto(`${rig.app.url}/${QUERY}&resume=auto`)
    const remaining = (await storedQueue(page)).map((record) => record.name)
    expect(remaining).toContain(big.name)
    const byName = new Map([big, ...small].map((file) => [file.name, file]))
    await expectLanded(page, remaining.map((name) => byName.get(name)!))
    const resent = parts.landedNumbersSince(reloadedAt).filter((n) => landedBeforeReload.includes(n))
    expect(resent).toEqual([])
    // No part landed twice (a part whose answer the reload swallowed is found by ListParts, not sent again).
    expect(Math.max(...parts.landedCounts(PARTS))).toBe(1)
    expect(await multipartUploadsFor(rig.s3, big.name)).toEqual([])
    expect(await storedQueue(page)).toEqual([])
    await page.close()
  })
})

describe('what the browser keeps', () => {
  it('keeps nothing once a file is removed', async () => {
    const file = await rig.diskFile('remove-me.bin', 30 * MiB)
    const page = await openPage()
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await expect.poll(() => storedQueue(page), { timeout: 30_000 }).toEqual([{ name: file.name, withData: true }])
    await page.getByRole('button', { name: `Cancel ${file.name}` }).click()
    await expect.poll(() => storedQueue(page), { timeout: 10_000 }).toEqual([])
    await page.reload()
    await page.waitForTimeout(1000)
    expect(await page.getByText(file.name).count()).toBe(0)
    await page.close()
  })

  it('over the budget, the large file falls back to picking it again, named in the message', async () => {
    const large = await rig.diskFile('too-large.bin', 30 * MiB)
    const small = await rig.diskFile('fits.bin', 64 * 1024)
    const page = await openPage(`&budget=${4 * MiB}`)
    const parts = watchPartPuts(page)
    await page.getByLabel('Files to upload').setInputFiles([large.path, small.path])
    await page.locator('li[data-status="complete"]', { hasText: small.name }).waitFor({ timeout: 60_000 })
    await expect.poll(() => parts.landedNumbers().length, { timeout: 60_000 }).toBeGreaterThan(0)
    expect(await storedQueue(page)).toEqual([{ name: large.name, withData: false }])
    await page.reload()
    const message = page.getByText(`Choose ${large.name} (`)
    await message.waitFor({ timeout: 30_000 })
    expect(await message.textContent()).toContain('again to finish its upload: it was too large to keep in this browser')
    const [uploadKey] = await multipartUploadsFor(rig.s3, large.name)
    const landedBefore = new Set(parts.landedNumbers())
    const pickedAt = rig.proxy.seen.length
    await page.getByLabel('Files to upload').setInputFiles(large.path)
    await expect.poll(() => message.count()).toBe(0)
    await page.getByRole('status').filter({ hasText: '1 of 1 file uploaded' }).waitFor({ timeout: 90_000 })
    const { completed, errors } = await recorded(page)
    expect(errors).toEqual([])
    expect(completed.flat()[0]!.key).toBe(uploadKey) // the same multipart upload, resumed
    expect((await readObject(rig.s3, uploadKey!)).body.equals(large.bytes)).toBe(true)
    const partPuts = rig.proxy.seen.slice(pickedAt).filter((r) => r.method === 'PUT' && r.url.includes('uploadId='))
    expect(partPuts.length).toBeLessThanOrEqual(4 - landedBefore.size) // 4 parts in all; those in the store are not sent again
    await expect.poll(() => storedQueue(page)).toEqual([])
    await page.close()
  })
})
