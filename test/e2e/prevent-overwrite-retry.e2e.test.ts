import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { readObject } from './support/s3.js'
import { recorded, startProxy, startTransportApp } from './support/transport.js'

// Issue 13, preventOverwrite (If-None-Match: * signed into PUT and Complete) meets a lost
// answer: the store took the PUT, the browser never heard, and its retry of the same URL is
// now refused (RGW 16: 412 PreconditionFailed). The file did land, byte for byte; the widget
// must find that out (confirmUpload's HeadObject) instead of failing it.
const MiB = 1024 * 1024
const env = useBrowserAndStore()

/** The first PUT of each simple file, and the first Complete of each multipart one, lose their answer. */
const answered = new Set<string>()
function decide({ method, url }: { method: string; url: string }) {
  const { pathname, searchParams } = new URL(url, 'http://proxy')
  const isPut = method === 'PUT' && !searchParams.has('partNumber')
  const isComplete = method === 'POST' && searchParams.has('uploadId')
  if (!(isPut || isComplete) || answered.has(pathname)) return {}
  answered.add(pathname)
  return { action: 'lose-answer' as const }
}

it('a PUT or Complete whose answer was lost, retried against If-None-Match: *, still ends uploaded', async () => {
  const proxy = await startProxy({ decide })
  const app = await startTransportApp(proxy, { objectSettings: { preventOverwrite: true } })
  try {
    const page = await env.browser.newPage()
    await page.goto(`${app.url}/?threshold=${5 * MiB}&partSize=${5 * MiB}&baseDelay=50&attempts=4`)
    const files = [
      { name: 'lost-answer-1.bin', mimeType: 'application/octet-stream', buffer: randomBytes(10_000) },
      { name: 'lost-answer-2.bin', mimeType: 'application/octet-stream', buffer: randomBytes(20_000) },
      { name: 'lost-answer-big.bin', mimeType: 'application/octet-stream', buffer: randomBytes(6 * MiB) },
    ]
    await page.getByLabel('Files to upload').setInputFiles(files)
    await page.getByRole('status').filter({ hasText: /files? uploaded|failed/ }).waitFor({ timeout: 60_000 })
    await page.waitForFunction(() => document.querySelectorAll('[data-status="uploading"], [data-status="pending"]').length === 0, undefined, { timeout: 60_000 })
    const { completed, errors } = await recorded(page)
    const lost = proxy.seen.filter((request) => request.action === 'lose-answer')
    expect(lost.map((request) => request.status)).toEqual([200, 200, 200])
    const refusedRetries = proxy.seen.filter((request) => request.status === 412).map((request) => request.method)
    expect(errors).toEqual([])
    const uploaded = completed.flat()
    expect(uploaded.map((file) => file.name).sort()).toEqual(files.map((file) => file.name).sort())
    for (const file of files) {
      const entry = uploaded.find((candidate) => candidate.name === file.name)!
      expect((await readObject(env.s3, entry.key)).body.equals(file.buffer)).toBe(true)
    }
    // RGW 16 refused each simple PUT's retry (it honours If-None-Match on PUT, not on Complete).
    expect(refusedRetries).toEqual(['PUT', 'PUT'])
    await page.close()
  } finally {
    await app.close()
    await proxy.close()
  }
})
