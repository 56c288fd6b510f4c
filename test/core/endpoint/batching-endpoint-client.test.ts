import { describe, expect, it, vi } from 'vitest'
import { createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import type { PresignRequest } from '../../../src/protocol/messages.js'
import { SigningCache } from '../../../src/core/transfer/upload-url-cache.js'

const future = () => new Date(Date.now() + 300_000).toISOString()
const signedPut = (n: number) => ({ method: 'PUT', url: `https://s3.test/k${n}?X-Amz-Expires=300`, headers: {}, expiresAt: future(), key: `k${n}` })

/** A fake endpoint that answers single and batch requests, and records every HTTP body. */
function fakeEndpoint(options: { batch?: boolean } = {}) {
  const bodies: Array<PresignRequest | { operation: 'batch'; requests: PresignRequest[] }> = []
  let counter = 0
  const answer = (request: PresignRequest): unknown => {
    counter += 1
    if (request.operation === 'signParts') {
      return { parts: request.partNumbers.map((partNumber) => ({ ...signedPut(partNumber), partNumber })) }
    }
    if (request.operation === 'putObject' && request.file.name === 'refused.txt') {
      return { status: 413, error: { code: 'FILE_TOO_LARGE', message: 'too big' } }
    }
    return signedPut(counter)
  }
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body))
    bodies.push(body)
    if (body.operation === 'batch') {
      if (options.batch === false) {
        return Response.json({ error: { code: 'UNKNOWN_OPERATION', message: 'Unknown operation "batch"' } }, { status: 400 })
      }
      return Response.json({ replies: body.requests.map(answer) })
    }
    const reply = answer(body) as { status?: number }
    return Response.json(reply, { status: reply.status ?? 200 })
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, bodies }
}

const put = (name: string): PresignRequest => ({ operation: 'putObject', file: { name, size: 1, type: 'text/plain' } })

describe('createBatchingClient', () => {
  it('sends concurrent requests as one batch and settles each on its own', async () => {
    const endpoint = fakeEndpoint()
    const client = createBatchingClient({ endpoint: '/api/s3', fetch: endpoint.fetch })
    const results = await Promise.allSettled([client.send(put('a.txt')), client.send(put('refused.txt')), client.send(put('c.txt'))])
    expect(endpoint.bodies).toHaveLength(1)
    expect(endpoint.bodies[0]).toMatchObject({ operation: 'batch', requests: [put('a.txt'), put('refused.txt'), put('c.txt')] })
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { key: 'k1' } })
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'ENDPOINT_REJECTED', serverCode: 'FILE_TOO_LARGE', status: 413 } })
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { key: 'k3' } })
  })

  it('splits more requests than the batch limit into several batches', async () => {
    const endpoint = fakeEndpoint()
    const client = createBatchingClient({ endpoint: '/api/s3', fetch: endpoint.fetch }, { maxBatchSize: 2 })
    await Promise.all([1, 2, 3, 4, 5].map((n) => client.send(put(`${n}.txt`))))
    expect(endpoint.bodies.map((body) => ('requests' in body ? body.requests.length : 1))).toEqual([2, 2, 1])
  })

  it('keeps the part numbers and keys of one batch within the server\'s per-request limits, which a batch shares', async () => {
    const endpoint = fakeEndpoint()
    const client = createBatchingClient({ endpoint: '/api/s3', fetch: endpoint.fetch })
    const parts = (from: number): PresignRequest =>
      ({ operation: 'signParts', key: 'uploads/x/v.mp4', uploadId: 'u', partNumbers: Array.from({ length: 32 }, (_, i) => from + i) })
    // Six uploads signing 32 parts ahead at once: 192 part numbers, over the server's 100 per request.
    await Promise.all([0, 1, 2, 3, 4, 5].map((n) => client.send(parts(n * 32 + 1))))
    const counts = endpoint.bodies.map((body) =>
      ('requests' in body ? body.requests : [body]).reduce((sum, r) => sum + (r.operation === 'signParts' ? r.partNumbers.length : 0), 0))
    expect(counts).toEqual([96, 96])
  })

  it('sends the items one by one when a server with lower limits refuses the batch as a whole', async () => {
    const endpoint = fakeEndpoint()
    const base = endpoint.fetch
    let refused = false
    const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
      if (!refused && JSON.parse(String(init?.body)).operation === 'batch') {
        refused = true
        return Response.json({ error: { code: 'TOO_MANY_PARTS', message: 'batch included' } }, { status: 400 })
      }
      return base(url, init)
    }) as typeof globalThis.fetch
    const client = createBatchingClient({ endpoint: '/api/s3', fetch })
    const results = await Promise.all([client.send(put('a.txt')), client.send(put('b.txt'))])
    expect(results).toHaveLength(2)
    expect(endpoint.bodies.map((body) => body.operation)).toEqual(['putObject', 'putObject'])
  })

  it('falls back to one request each, for good, against a server without batch', async () => {
    const endpoint = fakeEndpoint({ batch: false })
    const client = createBatchingClient({ endpoint: '/api/s3', fetch: endpoint.fetch })
    await Promise.all([client.send(put('a.txt')), client.send(put('b.txt'))])
    await Promise.all([client.send(put('c.txt')), client.send(put('d.txt'))])
    expect(endpoint.bodies.map((body) => body.operation)).toEqual(['batch', 'putObject', 'putObject', 'putObject', 'putObject'])
  })
})

describe('SigningCache', () => {
  const ref = { key: 'uploads/x/big.bin', uploadId: 'u1' }
  const never = new AbortController().signal

  it('signs parts ahead in one request and reuses them', async () => {
    const endpoint = fakeEndpoint()
    const cache = new SigningCache(createBatchingClient({ endpoint: '/api/s3', fetch: endpoint.fetch }), 4)
    const pending = [1, 2, 3, 4, 5, 6]
    const urls = await Promise.all([1, 2, 3].map((n) => cache.part(ref, n, pending, false, never)))
    expect(urls.map((url) => url.url)).toEqual(['https://s3.test/k1?X-Amz-Expires=300', 'https://s3.test/k2?X-Amz-Expires=300', 'https://s3.test/k3?X-Amz-Expires=300'])
    await cache.part(ref, 4, [4, 5, 6], false, never)
    expect(endpoint.bodies).toEqual([{ operation: 'signParts', ...ref, partNumbers: [1, 2, 3, 4] }])
    await cache.part(ref, 5, [5, 6], false, never)
    expect(endpoint.bodies.at(-1)).toEqual({ operation: 'signParts', ...ref, partNumbers: [5, 6] })
  })

  it('re-signs a URL close to its expiry, and on demand', async () => {
    vi.useFakeTimers()
    try {
      const endpoint = fakeEndpoint()
      const cache = new SigningCache(createBatchingClient({ endpoint: '/api/s3', fetch: endpoint.fetch }, { windowMs: 0 }), 10)
      const file = { name: 'a.txt', size: 1, type: 'text/plain' }
      const first = await cache.putObject('f1', file, false, never)
      expect(await cache.putObject('f1', file, false, never)).toBe(first)
      vi.advanceTimersByTime(300_000 - 29_000) // under 30 s left
      const second = await cache.putObject('f1', file, false, never)
      expect(second.key).not.toBe(first.key)
      const third = await cache.putObject('f1', file, true, never)
      expect(third.key).not.toBe(second.key)
      expect(endpoint.bodies).toHaveLength(3)
    } finally {
      vi.useRealTimers()
    }
  })
})
