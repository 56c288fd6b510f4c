import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { readObject } from './support/s3.js'
import { multipartUploadsFor, recorded, startProxy, startTransportApp } from './support/transport.js'

const MiB = 1024 * 1024
const env = useBrowserAndStore()

it('completes every file with 5-second URLs on a throttled link, by re-signing', async () => {
  // Hold the first two small-file PUTs 6 s in the proxy: their URLs expire on the way,
  // RGW answers 403 without CORS headers, and the browser sees only a failed request.
  let heldPuts = 0
  const proxy = await startProxy({
    bytesPerSecond: 2 * MiB,
    decide: ({ method, url }) =>
      method === 'PUT' && !url.includes('uploadId=') && heldPuts++ < 2 ? { delayMs: 6000 } : {},
  })
  const app = await startTransportApp(proxy, { expiresIn: 5 })
  try {
    const page = await env.browser.newPage()
    await page.goto(`${app.url}/?threshold=${5 * MiB}&partSize=${5 * MiB}&parallel=2&baseDelay=200`)
    const big = { name: 'expiry-big.bin', mimeType: 'application/octet-stream', buffer: randomBytes(30 * MiB + 77) }
    const small = Array.from({ length: 12 }, (_, i) => ({
      name: `expiry-small-${i}.bin`,
      mimeType: 'application/octet-stream',
      buffer: randomBytes(MiB + i),
    }))
    const files = [big, ...small]
    await page.getByLabel('Files to upload').setInputFiles(files)
    await page.getByRole('status').filter({ hasText: `${files.length} of ${files.length} files uploaded` }).waitFor({ timeout: 120_000 })

    const { completed, errors, unhandled } = await recorded(page)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])
    const uploaded = completed.flat()
    for (const file of files) {
      const entry = uploaded.find((candidate) => candidate.name === file.name)!
      expect((await readObject(env.s3, entry.key)).body.equals(file.buffer)).toBe(true)
    }
    // URLs died mid-upload and were signed again: more signatures than requests to the store needed.
    const puts = app.operations.filter((operation) => operation === 'putObject').length
    expect(puts).toBeGreaterThan(small.length)
    // The two held PUTs failed (expired) and were sent again.
    expect(proxy.seen.filter((request) => request.method === 'PUT' && !request.url.includes('uploadId=')).length).toBeGreaterThanOrEqual(small.length + 2)
    expect(await multipartUploadsFor(env.s3, big.name)).toEqual([])
    await page.close()
  } finally {
    await app.close()
    await proxy.close()
  }
})
