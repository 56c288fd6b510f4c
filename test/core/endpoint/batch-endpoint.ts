import { vi } from 'vitest'
import type { PresignRequest } from '../../../src/protocol/messages.js'

/** An endpoint that answers every item of a batch, recording each HTTP body. */
export function endpoint() {
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

export const confirm = (key: string): PresignRequest => ({ operation: 'confirmUpload', key, size: 1, etag: '"0123456789abcdef0123456789abcdef"' })
export const put = (name: string): PresignRequest => ({ operation: 'putObject', file: { name, size: 1, type: 'text/plain' } })
/** The operations one HTTP body carried, in order. */
export const operations = (body: { operation: string; requests?: PresignRequest[] }) => (body.requests ?? [body as PresignRequest]).map((r) => r.operation)
