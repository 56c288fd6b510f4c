import { expect, it, vi } from 'vitest'
import { createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import type { PresignRequest } from '../../../src/protocol/messages.js'
import { manualClock } from '../manual-clock.js'

/** An endpoint that answers every item of a batch, recording each HTTP body. */
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

it('gathers confirms over a longer window than signing: files landing 30 ms apart are confirmed in one request', async () => {
  const { clock, advance } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock })
  const first = client.send(confirm('a'))
  advance(30)
  const second = client.send(confirm('b'))
  advance(19)
  expect(server.bodies).toHaveLength(0)
  advance(1)
  await Promise.all([first, second])
  expect(server.bodies.map(operations)).toEqual([['confirmUpload', 'confirmUpload']])
})

it('sends waiting confirms along with a signing request, at the signing window', async () => {
  const { clock, advance } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock, confirmWindowMs: 50 })
  const confirmed = client.send(confirm('a'))
  advance(10)
  const signed = client.send(put('b.txt'))
  advance(4)
  expect(server.bodies).toHaveLength(0)
  advance(1)
  await Promise.all([confirmed, signed])
  expect(server.bodies.map(operations)).toEqual([['confirmUpload', 'putObject']])
  // Nothing is left on the clock to send.
  advance(100)
  expect(server.bodies).toHaveLength(1)
})
