import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { listKeys, readObject } from './support/s3.js'
import { multipartUploadsFor, recorded, startProxy, startTransportApp, type SeenRequest } from './support/transport.js'

// Issue 13: a proxy flips one byte in 5% of request bodies (same length, so only the
// signed Content-MD5 can tell). RGW must refuse each such body (400 BadDigest), the
// widget must retry it, and every object must end up byte-identical to its file.
const MiB = 1024 * 1024
const env = useBrowserAndStore()

/**
 * By request number, simple PUTs and part PUTs counted apart, so the run is reproducible
 * whatever order they interleave in: every 20th body of each (5%), and the first try of each
 * multipart file's part 2, so parts are surely among them.
 */
const seen = { simple: 0, part: 0 }
const partTwoTried = new Set<string>()
function decide({ method, url }: { method: string; url: string }) {
  if (method !== 'PUT') return {}
  const query = new URL(url, 'http://proxy').searchParams
  const uploadId = query.get('uploadId')
  const n = uploadId ? seen.part++ : seen.simple++
  if (uploadId && query.get('partNumber') === '2' && !partTwoTried.has(uploadId)) {
    partTwoTried.add(uploadId)
    return { action: 'flip' as const }
  }
  return n % 20 === 7 ? { action: 'flip' as const } : {}
}

const partOf = (request: SeenRequest) => new URL(request.url, 'http://proxy').searchParams.get('partNumber')
/** What a PUT writes: the key, and the part number for a part. */
const target = (request: SeenRequest) => `${request.url.split('?')[0]} part ${partOf(request) ?? '-'}`

it('every flipped body is refused (BadDigest) and retried; every object is byte-identical to its file', async () => {
  const proxy = await startProxy({ decide })
  const app = await startTransportApp(proxy)
  try {
    const page = await env.browser.newPage()
    await page.goto(`${app.url}/?threshold=${5 * MiB}&partSize=${5 * MiB}&baseDelay=50&attempts=8`)
    const small = Array.from({ length: 80 }, (_, i) => ({
      name: `flip-${i}.bin`,
      mimeType: 'application/octet-stream',
      buffer: randomBytes(1 + ((i * 7919) % 70_000)),
    }))
    const big = [0, 1].map((i) => ({ name: `flip-big-${i}.bin`, mimeType: 'application/octet-stream', buffer: randomBytes(11 * MiB + i) }))
    const files = [...small, ...big]
    await page.getByLabel('Files to upload').setInputFiles(files)
    const total = `${files.length} of ${files.length} files uploaded`
    await page.getByRole('status').filter({ hasText: total }).waitFor({ timeout: 120_000 })

    const { completed, errors, unhandled } = await recorded(page)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])
    const uploaded = completed.flat()
    expect(uploaded.map((file) => file.name).sort()).toEqual(files.map((file) => file.name).sort())
    const keys = await listKeys(env.s3, 'uploads/')
    for (const file of files) {
      expect(keys.filter((key) => key.endsWith(`/${file.name}`))).toHaveLength(1)
      const entry = uploaded.find((candidate) => candidate.name === file.name)!
      expect((await readObject(env.s3, entry.key)).body.equals(file.buffer), file.name).toBe(true)
    }
    for (const file of big) expect(await multipartUploadsFor(env.s3, file.name)).toEqual([])

    // The proxy really flipped bodies, simple PUTs and parts, and RGW refused every one of them.
    const flipped = proxy.seen.filter((request) => request.action === 'flip')
    const isPart = (request: SeenRequest) => partOf(request) !== null
    expect(flipped.filter(isPart).length).toBeGreaterThanOrEqual(big.length)
    // 80 files, so at least the 8th, 28th, 48th and 68th simple PUT.
    expect(flipped.filter((request) => !isPart(request)).length).toBeGreaterThanOrEqual(4)
    expect(flipped.map(({ status, errorCode }) => ({ status, errorCode }))).toEqual(
      flipped.map(() => ({ status: 400, errorCode: 'BadDigest' })),
    )
    // And each refused body was sent again: one 200 per file and per part, after the refusals.
    const landedPuts = proxy.seen.filter((request) => request.method === 'PUT' && request.status === 200)
    const landed = new Set(landedPuts.map(target))
    for (const request of flipped) expect(landed.has(target(request)), target(request)).toBe(true)
    await page.close()
  } finally {
    await app.close()
    await proxy.close()
  }
})
