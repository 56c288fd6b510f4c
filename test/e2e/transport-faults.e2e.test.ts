import { randomBytes } from 'node:crypto'
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { expect, inject, it } from 'vitest'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { readObject } from './support/s3.js'
import { multipartUploadsFor, recorded, startProxy, startTransportApp } from './support/transport.js'

const MiB = 1024 * 1024
const env = useBrowserAndStore()

/**
 * Faults by request number per method, so the run is the same every time: counting
 * all requests together let the preflights' interleaving decide how many PUTs were hit
 * (one run saw exactly 20 SlowDowns, below the check that the faults happened).
 */
const seenPerMethod = new Map<string, number>()
function decide({ method, index }: { method: string; index: number }) {
  const n = seenPerMethod.get(method) ?? 0
  seenPerMethod.set(method, n + 1)
  if (method === 'PUT' && n % 11 === 3) return { action: 'cut' as const }
  if (method === 'PUT' && n % 13 === 5) return { action: 'slowdown' as const }
  if (method === 'POST' && n % 5 === 1) return { action: 'slowdown' as const }
  if (index % 7 === 0) return { delayMs: 300 }
  return {}
}

it('through cuts, 503 SlowDown and delays, every file lands once, byte for byte, and none is left half-done', async () => {
  const proxy = await startProxy({ decide })
  const app = await startTransportApp(proxy)
  try {
    const page = await env.browser.newPage()
    await page.goto(`${app.url}/?threshold=${5 * MiB}&partSize=${5 * MiB}&baseDelay=100&attempts=8`)
    const small = Array.from({ length: 300 }, (_, i) => ({
      name: `fault-${i}.bin`,
      mimeType: 'application/octet-stream',
      buffer: randomBytes(1024 + ((i * 977) % 60_000)),
    }))
    const big = Array.from({ length: 3 }, (_, i) => ({
      name: `fault-big-${i}.bin`,
      mimeType: 'application/octet-stream',
      buffer: randomBytes(12 * MiB + i),
    }))
    const files = [...small, ...big]
    await page.getByLabel('Files to upload').setInputFiles(files)
    const total = `${files.length} of ${files.length} files uploaded`
    await page.getByRole('status').filter({ hasText: total }).waitFor({ timeout: 150_000 })

    const { completed, errors, unhandled } = await recorded(page)
    expect(errors).toEqual([])
    expect(unhandled).toEqual([])
    // The list is virtualized (303 rows): its summary line counts every file, mounted or not.
    expect(await page.locator('.rps3-summary').textContent()).toBe(`${files.length} of ${files.length} uploaded`)
    const uploaded = completed.flat()
    expect(uploaded).toHaveLength(files.length)
    const keys = await listKeysAll(env.s3)
    for (const file of files) {
      // Exactly one object per file: no retry stored a second copy under a new key.
      expect(keys.filter((key) => key.endsWith(`/${file.name}`))).toHaveLength(1)
      const entry = uploaded.find((candidate) => candidate.name === file.name)!
      expect((await readObject(env.s3, entry.key)).body.equals(file.buffer)).toBe(true)
    }
    for (const file of big) expect(await multipartUploadsFor(env.s3, file.name)).toEqual([])
    // The faults really happened.
    const actions = proxy.seen.map((request) => request.action)
    expect(actions.filter((action) => action === 'cut').length).toBeGreaterThan(20)
    expect(actions.filter((action) => action === 'slowdown').length).toBeGreaterThan(20)
    await page.close()
  } finally {
    await app.close()
    await proxy.close()
  }
})

async function listKeysAll(client: S3Client): Promise<string[]> {
  const keys: string[] = []
  let token: string | undefined
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: inject('rgw').bucket, Prefix: 'uploads/', ContinuationToken: token }))
    keys.push(...(page.Contents ?? []).map((object) => object.Key!))
    token = page.NextContinuationToken
  } while (token)
  return keys
}
