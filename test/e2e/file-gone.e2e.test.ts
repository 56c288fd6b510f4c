// Picked files deleted from disk before or while they upload, in Chromium against RGW. Chromium
// then fails their reads (NotFoundError) and their PUTs before sending them (net::ERR_FILE_NOT_FOUND),
// which XHR reports as a bare "error": each file must end at once with FILE_UNREADABLE, not as a
// dropped connection retried six times that makes the uploader probe the network; nothing of them
// may stay in the store, and the files picked beside them must land.
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listKeys, readObject } from './support/s3.js'
import { multipartUploadsFor, recorded } from './support/transport.js'
import { useTransportRig, type DiskFile } from './support/transport-rig.js'

const MiB = 1024 * 1024
const PART = 5 * MiB
// Files over 5 MiB go up in 5 MiB parts, one part at a time; "Choose a folder" offered.
const QUERY = `?threshold=${PART}&partSize=${PART}&parallel=1&folders=1`
// Slow enough that a 25 MiB file is mid-way for seconds (each part takes 2.5 s).
const rig = useTransportRig({ bytesPerSecond: 2 * MiB, latencyMs: 50 })
const run = Date.now().toString(36)
/** How Chromium fails a request whose body's file is gone (moved or deleted; or changed since the pick). */
const BODY_GONE = ['net::ERR_FILE_NOT_FOUND', 'net::ERR_UPLOAD_FILE_CHANGED']

const unreadable = (name: string) => `${name} could not be read: it was changed, moved or deleted after it was picked. Pick it again.`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rps3-gone-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The PUTs that failed in the browser (by file name, with Chromium's error), and the uploader's network probes (HEAD of the endpoint). */
function watchPage(page: Page) {
  const failedPuts: Array<{ name: string; error: string }> = []
  const probes: string[] = []
  page.on('requestfailed', (request) => {
    if (request.method() !== 'PUT') return
    const name = decodeURIComponent(new URL(request.url()).pathname.split('/').pop() ?? '')
    failedPuts.push({ name, error: request.failure()?.errorText ?? '' })
  })
  page.on('request', (request) => {
    if (request.method() === 'HEAD' && new URL(request.url()).pathname === '/api/s3') probes.push(request.url())
  })
  return { failedPuts, probes, failuresOf: (name: string) => failedPuts.filter((put) => put.name === name) }
}

async function openPage(): Promise<Page> {
  const page = await rig.browser.newPage()
  await page.goto(`${rig.app.url}/${QUERY}`)
  await page.getByRole('button', { name: 'Choose a folder' }).waitFor()
  return page
}

/**
 * Holds the page's main thread in the next `change` of a file input, before the uploader hears of
 * the files, until its first file can no longer be read (a synchronous XHR of its blob URL fails),
 * calling `remove` as soon as the page has the files: so none of them is read before it is gone.
 */
async function removeOnPick(page: Page, remove: () => Promise<void>): Promise<void> {
  page.once('console', (message) => void (message.text() === 'rps3-e2e: picked' && remove()))
  await page.evaluate(() => {
    window.addEventListener('change', (event) => {
      const files = [...((event.target as HTMLInputElement).files ?? [])]
      const first = files[0]
      if (!first) return
      // Chromium takes a picked file's size and time on first asking: a file gone by then reads as
      // an empty one. Asked here, as the uploader would have asked had it come first.
      for (const file of files) void file.size
      const url = URL.createObjectURL(first)
      const readable = () => {
        const xhr = new XMLHttpRequest()
        xhr.open('GET', url, false)
        try {
          xhr.send()
          return true
        } catch {
          return false
        }
      }
      console.log('rps3-e2e: picked')
      const until = Date.now() + 20_000
      while (readable() && Date.now() < until);
      URL.revokeObjectURL(url)
    }, { capture: true, once: true })
  })
}

const row = (page: Page, name: string) => page.locator('li[data-row-id]', { hasText: name })

/** Waits for each of `gone` to fail and each of `kept` to land, then checks what the user and the host app saw. */
async function expectGoneAndKept(page: Page, watch: ReturnType<typeof watchPage>, gone: string[], kept: DiskFile[]) {
  await expect
    .poll(async () => [await page.locator('li[data-status="error"]').count(), await page.locator('li[data-status="complete"]').count()], { timeout: 90_000, interval: 250 })
    .toEqual([gone.length, kept.length])
  for (const name of gone) {
    // The one message, without "(after 6 attempts)": the first failure was final.
    await expect(row(page, name).locator('.rps3-file-error').textContent()).resolves.toBe(unreadable(name))
    await expect(row(page, name).getAttribute('data-status')).resolves.toBe('error')
    await expect(page.getByRole('button', { name: `Retry ${name}` }).count()).resolves.toBe(0)
    await expect(page.getByRole('button', { name: `Remove ${name}` }).isEnabled()).resolves.toBe(true)
    // At most one try of its PUT (or of the one part it failed on), failed as a body that could not be read.
    const failures = watch.failuresOf(name)
    expect(failures.length, name).toBeLessThanOrEqual(1)
    for (const failure of failures) expect(BODY_GONE, name).toContain(failure.error)
  }
  const { errors, unhandled, completed } = await recorded(page)
  expect(errors.map(({ code, message, file }) => ({ code, message, file })).sort((a, b) => a.file!.localeCompare(b.file!))).toEqual(
    [...gone].sort().map((name) => ({ code: 'FILE_UNREADABLE', message: unreadable(name), file: name })),
  )
  expect(unhandled).toEqual([])
  // A gone file is no sign of a network down: the uploader never probed the endpoint, so never showed "Waiting for the network".
  expect(watch.probes).toEqual([])

  // Nothing of the gone files in the store: no object, no multipart upload left open (aborted once its file failed).
  const keys = await listKeys(rig.s3, 'uploads/')
  expect(keys.filter((key) => gone.some((name) => key.endsWith(`/${name}`)))).toEqual([])
  for (const name of gone) await expect.poll(() => multipartUploadsFor(rig.s3, name), { timeout: 10_000 }).toEqual([])
  // The files not deleted land byte for byte.
  const keyOf = new Map(completed.flat().map((file) => [file.name, file.key]))
  for (const file of kept) {
    expect(keyOf.get(file.name), file.name).toBeDefined()
    expect((await readObject(rig.s3, keyOf.get(file.name)!)).body.equals(file.bytes), file.name).toBe(true)
  }
}

describe('a picked file deleted from disk', () => {
  it('fails each file of a folder deleted as it was picked, before any is read (an empty and a multipart one too), and lands the files picked beside it', async () => {
    const tag = `before-${run}`
    const folder = path.join(dir, tag)
    await mkdir(folder)
    const files = [[`${tag}-a.txt`, 1000], [`${tag}-b.txt`, 2000], [`${tag}-c.txt`, 3000], [`${tag}-empty.txt`, 0], [`${tag}-big.bin`, 12 * MiB]] as const
    await Promise.all(files.map(([name, size]) => writeFile(path.join(folder, name), randomBytes(size))))
    const gone = files.map(([name]) => name)
    const kept = [await rig.diskFile(`${tag}-kept.bin`, 4000), await rig.diskFile(`${tag}-kept-big.bin`, 11 * MiB)]
    const page = await openPage()
    const watch = watchPage(page)
    await removeOnPick(page, () => rm(folder, { recursive: true }))
    await page.getByLabel('Folder to upload').setInputFiles(folder)
    await page.getByLabel('Files to upload').setInputFiles(kept.map((file) => file.path))
    await expectGoneAndKept(page, watch, gone, kept)
    // Each failed on its hash, before any PUT; but the empty one, which a hash does not read, on its PUT.
    expect(watch.failedPuts.map((put) => put.name)).toEqual([`${tag}-empty.txt`])
    await page.close()
  }, 150_000)

  it('fails files deleted after they were hashed, before their PUT, on that PUT, tried once', async () => {
    const tag = `hashed-${run}`
    const gone = await Promise.all([1000, 2000, 3000].map((size, i) => rig.diskFile(`${tag}-${i}.txt`, size)))
    const kept = [await rig.diskFile(`${tag}-kept.bin`, 4000)]
    const page = await openPage()
    const watch = watchPage(page)
    // Signed only once hashed: their signing requests held means their hashes are done.
    const hold = rig.app.hold()
    try {
      await page.getByLabel('Files to upload').setInputFiles(gone.map((file) => file.path))
      await expect.poll(() => gone.every((file) => hold.files.includes(file.name)), { timeout: 30_000 }).toBe(true)
      await Promise.all(gone.map((file) => rm(file.path)))
      await page.getByLabel('Files to upload').setInputFiles(kept.map((file) => file.path))
    } finally {
      hold.release()
    }
    await expectGoneAndKept(page, watch, gone.map((file) => file.name), kept)
    for (const file of gone) expect(watch.failuresOf(file.name), file.name).toHaveLength(1)
    await page.close()
  }, 150_000)

  it('ends a multipart upload whose file is deleted mid-way with FILE_UNREADABLE, aborts it in the store, and lands the file beside it', async () => {
    const tag = `during-${run}`
    const big = await rig.diskFile(`${tag}-big.bin`, 5 * PART)
    const kept = await rig.diskFile(`${tag}-kept.bin`, 50_000)
    const page = await openPage()
    const watch = watchPage(page)
    const landedParts = () => rig.proxy.seen.filter((seen) => seen.method === 'PUT' && seen.url.includes(`${tag}-big.bin`) && seen.url.includes('partNumber=') && seen.status === 200).length
    await page.getByLabel('Files to upload').setInputFiles([big.path, kept.path])
    await expect.poll(landedParts, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0)
    await rm(big.path)
    await expectGoneAndKept(page, watch, [big.name], [kept])
    // The part in flight as it was deleted may have landed (Chromium had the file open), not the rest.
    expect(landedParts()).toBeLessThan(5)
    await page.close()
  }, 150_000)
})
