import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2eApp, type AppServer } from './support/app.js'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { listKeys } from './support/s3.js'

const env = useBrowserAndStore()
const FILES = 2000

declare global {
  interface Window {
    /** The first click on a row's button, and when its row left the list (ms, page clock). */
    cancelProbe: { rowId?: string; name?: string; clickedAt?: number; handledAt?: number }
  }
}

describe('2000 files through the file input, against Ceph RGW', () => {
  let app: AppServer
  beforeAll(async () => {
    app = await startE2eApp()
  })
  afterAll(() => app?.close())

  it('uploads every file, and handles a click on Cancel within 100 ms while it runs', async () => {
    const run = Date.now().toString(36)
    const name = (index: number) => `many-${run}-${String(index).padStart(4, '0')}.txt`
    const files = Array.from({ length: FILES }, (_, index) => ({ name: name(index), mimeType: 'text/plain', buffer: Buffer.alloc(4096, index % 256) }))
    const page = await env.browser.newPage()
    await page.goto(`${app.url}/`)
    await page.getByRole('button', { name: 'Choose files' }).waitFor()
    // From the click event's own timestamp (when the browser took the click, so time spent queued behind
    // a busy main thread counts) to the mutation that removed its row from the list.
    await page.evaluate(() => {
      window.cancelProbe = {}
      document.addEventListener('click', (event) => {
        const row = (event.target as Element).closest<HTMLElement>('li[data-row-id]')
        if (!row || window.cancelProbe.rowId !== undefined) return
        window.cancelProbe.rowId = row.dataset.rowId
        window.cancelProbe.name = row.querySelector('.rps3-file-name')?.textContent ?? undefined
        window.cancelProbe.clickedAt = event.timeStamp
        const list = row.parentElement!
        new MutationObserver((_, observer) => {
          if ([...list.children].some((child) => (child as HTMLElement).dataset.rowId === window.cancelProbe.rowId)) return
          window.cancelProbe.handledAt = performance.now()
          observer.disconnect()
        }).observe(list, { childList: true })
      }, { capture: true })
    })

    await page.getByLabel('Files to upload').setInputFiles(files)
    await page.getByText(`of ${FILES.toLocaleString('en')} uploaded`).waitFor({ timeout: 60_000 })
    const cancel = page.getByRole('button', { name: /^Cancel many-/ }).first()
    await cancel.click({ timeout: 60_000 })
    await page.waitForFunction(() => window.cancelProbe.handledAt !== undefined, null, { timeout: 10_000 })
    const probe = await page.evaluate(() => window.cancelProbe)
    const latency = probe.handledAt! - probe.clickedAt!
    expect(latency).toBeGreaterThanOrEqual(0)
    expect(latency).toBeLessThan(100)
    expect(probe.name).toMatch(/^many-/)

    const left = FILES - 1
    await page.getByRole('status').filter({ hasText: `${left.toLocaleString('en')} of ${left.toLocaleString('en')} files uploaded` }).waitFor({ timeout: 240_000 })
    await expect(page.getByText(`${left.toLocaleString('en')} of ${left.toLocaleString('en')} uploaded`).isVisible()).resolves.toBe(true)
    // Only the rows in view are in the page, not one per file.
    expect(await page.locator('li[data-row-id]').count()).toBeLessThan(30)
    const { errors, unhandled, completed } = await page.evaluate(() => window.recorded)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])

    const landed = completed.flat().map((file) => file.name)
    expect(landed).toHaveLength(left)
    const keys = await listKeys(env.s3, 'uploads/')
    const stored = new Set(keys.filter((key) => key.includes(`many-${run}-`)).map((key) => key.slice(key.lastIndexOf('many-'))))
    const missing = files.map((file) => file.name).filter((file) => !stored.has(file) && file !== probe.name)
    expect(missing).toEqual([])
    expect(stored.size).toBeGreaterThanOrEqual(left)
    await page.close()
  })
})
