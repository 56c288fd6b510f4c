import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { listKeys, readObject } from './support/s3.js'
import { fileProgress, multipartUploadsFor, recorded } from './support/transport.js'
import { useTransportRig } from './support/transport-rig.js'

const MiB = 1024 * 1024
const QUERY = `?threshold=${5 * MiB}&partSize=${5 * MiB}&parallel=2`
// Each request body at 4 MiB/s: a 5 MiB part takes a bit over a second.
const rig = useTransportRig({ bytesPerSecond: 4 * MiB })

async function openPage(): Promise<Page> {
  const page = await rig.browser.newPage()
  await page.goto(`${rig.app.url}/${QUERY}`)
  return page
}

async function waitForProgress(page: Page, name: string, atLeast: number) {
  await expect.poll(() => fileProgress(page, name), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(atLeast)
}

const partPutsSince = (start: number, uploadKeyFragment = '') =>
  rig.proxy.seen.slice(start).filter((r) => r.method === 'PUT' && r.url.includes('uploadId=') && r.url.includes(uploadKeyFragment))

describe('pause, resume, cancel and reload with multipart uploads on RGW', () => {
  it('pauses (no new part starts) and resumes to a byte-identical object', async () => {
    const file = await rig.diskFile('pause-me.bin', 30 * MiB)
    const page = await openPage()
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await waitForProgress(page, 'pause-me.bin', 5)
    await page.getByRole('button', { name: 'Pause pause-me.bin' }).click()
    await page.locator('li[data-status="paused"]', { hasText: 'pause-me.bin' }).waitFor()
    const pausedAt = rig.proxy.seen.length
    await page.waitForTimeout(1500)
    expect(partPutsSince(pausedAt)).toEqual([])
    await page.getByRole('button', { name: 'Resume pause-me.bin' }).click()
    await page.getByRole('status').filter({ hasText: '1 of 1 file uploaded' }).waitFor({ timeout: 60_000 })
    const { completed, errors } = await recorded(page)
    expect(errors).toEqual([])
    expect((await readObject(rig.s3, completed.flat()[0]!.key)).body.equals(file.bytes)).toBe(true)
    expect(await multipartUploadsFor(rig.s3, 'pause-me.bin')).toEqual([])
    await page.close()
  })

  it('cancel aborts the multipart upload in the store: nothing is left', async () => {
    const file = await rig.diskFile('cancel-me.bin', 30 * MiB)
    const page = await openPage()
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await waitForProgress(page, 'cancel-me.bin', 5)
    expect(await multipartUploadsFor(rig.s3, 'cancel-me.bin')).toHaveLength(1)
    await page.getByRole('button', { name: 'Cancel cancel-me.bin' }).click()
    await expect.poll(() => page.getByText('cancel-me.bin').count()).toBe(0)
    await expect.poll(() => multipartUploadsFor(rig.s3, 'cancel-me.bin'), { timeout: 15_000 }).toEqual([])
    expect((await listKeys(rig.s3, 'uploads/')).filter((key) => key.endsWith('/cancel-me.bin'))).toEqual([])
    const { errors, unhandled } = await recorded(page)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])
    await page.close()
  })

  it('resumes after a page reload without sending the parts already in the store', async () => {
    const file = await rig.diskFile('reload-me.bin', 30 * MiB)
    const page = await openPage()
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await waitForProgress(page, 'reload-me.bin', 45)
    await page.reload()
    const [uploadKey] = await multipartUploadsFor(rig.s3, 'reload-me.bin')
    expect(uploadKey).toBeDefined()
    const reloadedAt = rig.proxy.seen.length
    await page.getByLabel('Files to upload').setInputFiles(file.path)
    await page.getByRole('status').filter({ hasText: '1 of 1 file uploaded' }).waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      // Failed once in CI under load (not reproduced alone): say what the page showed and what the store saw.
      const rows = await page.evaluate(() => [...document.querySelectorAll('li[data-status]')].map((row) => `${row.getAttribute('data-status')}: ${row.textContent}`))
      const since = rig.proxy.seen.slice(reloadedAt).map((request) => `${request.method} ${request.url.split('?')[1]?.slice(0, 40) ?? ''} ${request.action}`)
      throw new Error(`${String(error)}\nrows: ${JSON.stringify(rows)}\nrequests since the reload: ${JSON.stringify(since)}`)
    })
    const { completed, errors } = await recorded(page)
    expect(errors).toEqual([])
    const key = completed.flat()[0]!.key
    expect(key).toBe(uploadKey)
    expect((await readObject(rig.s3, key)).body.equals(file.bytes)).toBe(true)
    const after = rig.proxy.seen.slice(reloadedAt)
    expect(after.some((r) => r.method === 'GET' && r.url.includes('uploadId='))).toBe(true) // ListParts
    expect(partPutsSince(reloadedAt).length).toBeLessThan(6) // 6 parts in all; some were already there
    expect(await multipartUploadsFor(rig.s3, 'reload-me.bin')).toEqual([])
    await page.close()
  })
})
