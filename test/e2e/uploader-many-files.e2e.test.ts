import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2eApp, type AppServer } from './support/app.js'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { listKeys } from './support/s3.js'

const env = useBrowserAndStore()
const FILES = 2000

declare global {
  interface Window {
    /** The key press on a row's Cancel button, and when the widget's summary showed the file gone (ms, page clock). */
    cancelProbe: { name?: string; pressedAt?: number; handledAt?: number }
  }
}

interface Picked {
  name: string
  mimeType: string
  buffer: Buffer
}

/** The three ways 2000 files reach the widget. A drop of a folder from the desktop cannot be staged in headless Chromium. */
const HANDS = {
  'through the file input': (page: Page, files: Picked[]) => page.getByLabel('Files to upload').setInputFiles(files),
  // The folder input's own path: a real directory, each file with its webkitRelativePath.
  'as a folder picked with "Choose a folder"': async (page: Page, files: Picked[], dir: string) => {
    // Kept until the test ends: a picked file is read from disk as it uploads.
    await mkdir(path.join(dir, 'photos'))
    await Promise.all(files.map((file) => writeFile(path.join(dir, 'photos', file.name), file.buffer)))
    await page.getByLabel('Folder to upload').setInputFiles(path.join(dir, 'photos'))
  },
  // The drop zone's drop handler, with the files in a DataTransfer as a drop of them hands them over.
  'dropped on the drop zone': (page: Page, files: Picked[]) =>
    page.evaluate(({ names, size }) => {
      const transfer = new DataTransfer()
      names.forEach((name, index) => transfer.items.add(new File([new Uint8Array(size).fill(index % 256)], name, { type: 'text/plain' })))
      const zone = document.querySelector('.rps3-dropzone')!
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }))
    }, { names: files.map((file) => file.name), size: files[0]!.buffer.length }),
} satisfies Record<string, (page: Page, files: Picked[], dir: string) => Promise<unknown>>

describe.each(Object.entries(HANDS))('2000 files %s, against Ceph RGW', (_how, hand) => {
  let app: AppServer
  let dir: string
  beforeAll(async () => {
    app = await startE2eApp()
    dir = await mkdtemp(path.join(os.tmpdir(), 'rps3-many-'))
  })
  afterAll(async () => {
    await app?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('uploads every file, and handles a click on Cancel within 100 ms while it runs', async () => {
    const run = Date.now().toString(36)
    const name = (index: number) => `many-${run}-${String(index).padStart(4, '0')}.txt`
    const files = Array.from({ length: FILES }, (_, index) => ({ name: name(index), mimeType: 'text/plain', buffer: Buffer.alloc(4096, index % 256) }))
    const page = await env.browser.newPage()
    await page.goto(`${app.url}/?folders=1`)
    await page.getByRole('button', { name: 'Choose files' }).waitFor()
    await page.getByRole('button', { name: 'Choose a folder' }).waitFor()
    await hand(page, files, dir)
    await page.getByText(`of ${FILES.toLocaleString('en')} uploaded`).waitFor({ timeout: 60_000 })

    // Enter on the focused Cancel button is a click on that very button (a mouse click could land on
    // a row that moved in between). Timed from the key event's own timestamp, when the browser took the
    // key press, so time spent queued behind a busy main thread counts, to the summary saying one file fewer.
    const left = FILES - 1
    await page.evaluate((expected) => {
      window.cancelProbe = {}
      const root = document.querySelector('.rps3-uploader')!
      document.addEventListener('keydown', (event) => {
        if (window.cancelProbe.pressedAt !== undefined) return
        window.cancelProbe.pressedAt = event.timeStamp
        window.cancelProbe.name = (event.target as Element).closest('li')?.querySelector('.rps3-file-name')?.textContent ?? undefined
        new MutationObserver((_, observer) => {
          if (!root.querySelector('.rps3-summary')?.textContent?.includes(expected)) return
          window.cancelProbe.handledAt = performance.now()
          observer.disconnect()
        }).observe(root, { childList: true, subtree: true, characterData: true })
      }, { capture: true })
    }, `of ${left.toLocaleString('en')} uploaded`)
    await page.getByRole('button', { name: /^Cancel many-/ }).first().focus({ timeout: 60_000 })
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => window.cancelProbe.handledAt !== undefined, null, { timeout: 10_000 })
    const probe = await page.evaluate(() => window.cancelProbe)
    const latency = probe.handledAt! - probe.pressedAt!
    expect(latency).toBeGreaterThanOrEqual(0)
    expect(latency).toBeLessThan(100)
    expect(probe.name).toMatch(/^many-/)

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
