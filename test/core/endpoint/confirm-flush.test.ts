import { expect, it, vi } from 'vitest'
import { createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import { createEndpointClient } from '../../../src/core/endpoint/endpoint-client.js'
import type { PresignRequest } from '../../../src/protocol/messages.js'
import { manualClock } from '../manual-clock.js'

// `flush()`: what waits for company goes now. The uploader calls it for its last file's confirm,
// which nothing would come to take along (confirm-upload.ts, `alone`).

function endpoint() {
  const bodies: Array<{ operation: string; requests?: PresignRequest[] }> = []
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body))
    bodies.push(body)
    const answer = (request: PresignRequest) =>
      request.operation === 'confirmUpload'
        ? { key: request.key, size: request.size, type: 'text/plain', etag: '"0123456789abcdef0123456789abcdef"' }
        : { method: 'PUT', url: 'https://s3.test/k?X-Amz-Expires=300', headers: {}, expiresAt: new Date(Date.now() + 300_000).toISOString(), key: 'k' }
    return Response.json(body.operation === 'batch' ? { replies: body.requests.map(answer) } : answer(body))
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, bodies }
}

const confirm = (key: string): PresignRequest => ({ operation: 'confirmUpload', key, size: 1, etag: '"0123456789abcdef0123456789abcdef"' })
const put = (name: string): PresignRequest => ({ operation: 'putObject', file: { name, size: 1, type: 'text/plain' } })
const operations = (body: { operation: string; requests?: PresignRequest[] }) => (body.requests ?? [body as PresignRequest]).map((r) => r.operation)

it('sends the waiting confirms at once, in one request, and leaves nothing on the clock', async () => {
  const { clock, advance, pending } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock, confirmWindowMs: 150 })
  const first = client.send(confirm('a'))
  advance(10)
  const second = client.send(confirm('b'))
  client.flush!()
  await Promise.all([first, second])
  expect(server.bodies.map(operations)).toEqual([['confirmUpload', 'confirmUpload']])
  expect(pending()).toBe(0)
  advance(200)
  expect(server.bodies).toHaveLength(1)
})

it('takes a signing request waiting in its own window along', async () => {
  const { clock } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock })
  const signed = client.send(put('a.txt'))
  const confirmed = client.send(confirm('b'))
  client.flush!()
  await Promise.all([signed, confirmed])
  expect(server.bodies.map(operations)).toEqual([['putObject', 'confirmUpload']])
})

it('sends nothing when nothing waits, and a later confirm still waits for company', async () => {
  const { clock, advance } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock, confirmWindowMs: 150 })
  client.flush!()
  const confirmed = client.send(confirm('a'))
  advance(149)
  expect(server.fetch).toHaveBeenCalledTimes(0)
  advance(1)
  await confirmed
  expect(server.bodies.map(operations)).toEqual([['confirmUpload']])
})

it('is not there on a client that never waits', () => {
  expect(createEndpointClient({ endpoint: '/api/s3' }).flush).toBeUndefined()
})
