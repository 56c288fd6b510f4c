import { describe, expect, it, vi } from 'vitest'
import { createEndpointClient } from '../../../src/core/endpoint/endpoint-client.js'
import { EndpointError } from '../../../src/core/errors.js'
import { PresignErrorCode } from '../../../src/protocol/error-codes.js'

const file = { name: 'a.txt', size: 1, type: 'text/plain' }
const signed = {
  url: 'https://bucket.s3.test/uploads/a.txt?X-Amz-Signature=x',
  method: 'PUT',
  key: 'uploads/a.txt',
  headers: { 'content-type': 'text/plain' },
  expiresAt: '2030-01-01T00:00:00.000Z',
}

function clientAnswering(response: Response | (() => Promise<Response>), options = {}) {
  const fetch = vi.fn(async () => (typeof response === 'function' ? response() : response.clone()))
  return { fetch, client: createEndpointClient({ endpoint: '/api/s3', fetch, ...options }) }
}

describe('endpoint client', () => {
  it('posts JSON with the host headers (from a function) and credentials', async () => {
    const { fetch, client } = clientAnswering(Response.json(signed), {
      headers: async () => ({ authorization: 'Bearer t' }),
      credentials: 'include',
    })
    await expect(client.send({ operation: 'putObject', file })).resolves.toEqual(signed)
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/s3')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('include')
    const headers = new Headers(init.headers)
    expect(headers.get('authorization')).toBe('Bearer t')
    expect(headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({ operation: 'putObject', file })
  })

  it('defaults to same-origin credentials', async () => {
    const { fetch, client } = clientAnswering(Response.json(signed))
    await client.send({ operation: 'putObject', file })
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].credentials).toBe('same-origin')
  })

  it.each([
    ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), 'ENDPOINT_UNREACHABLE'],
    ['a 502 with a text body', async () => new Response('Bad gateway', { status: 502 }), 'ENDPOINT_HTTP_ERROR'],
    ['an HTML page with 200', async () => new Response('<html>login</html>'), 'ENDPOINT_NOT_JSON'],
    ['JSON without a url', async () => Response.json({ ...signed, url: undefined }), 'ENDPOINT_BAD_REPLY'],
    ['a relative url', async () => Response.json({ ...signed, url: '/x' }), 'ENDPOINT_BAD_REPLY'],
    ['a bad expiresAt', async () => Response.json({ ...signed, expiresAt: 'soon' }), 'ENDPOINT_BAD_REPLY'],
    ['a non-string header', async () => Response.json({ ...signed, headers: { a: 1 } }), 'ENDPOINT_BAD_REPLY'],
    ['an array', async () => Response.json([signed]), 'ENDPOINT_BAD_REPLY'],
  ] as const)('turns %s into %s', async (_, answer, code) => {
    const { client } = clientAnswering(answer)
    const failure = client.send({ operation: 'putObject', file })
    await expect(failure).rejects.toBeInstanceOf(EndpointError)
    await expect(failure).rejects.toMatchObject({ code })
  })

  it('keeps the server error code and message of a refusal', async () => {
    const refusal = Response.json({ error: { code: 'FILE_TOO_LARGE', message: 'Too big.' } }, { status: 413 })
    const { client } = clientAnswering(refusal)
    await expect(client.send({ operation: 'putObject', file })).rejects.toMatchObject({
      code: 'ENDPOINT_REJECTED',
      serverCode: 'FILE_TOO_LARGE',
      status: 413,
      message: 'Too big.',
    })
  })

  it('keeps a code the protocol does not know in sentCode, leaving serverCode undefined', async () => {
    const refusal = Response.json({ error: { code: 'QUOTA_EXCEEDED', message: 'Over quota.' } }, { status: 403 })
    const { client } = clientAnswering(refusal)
    await expect(client.send({ operation: 'putObject', file })).rejects.toMatchObject({
      code: 'ENDPOINT_REJECTED',
      serverCode: undefined,
      sentCode: 'QUOTA_EXCEEDED',
      message: 'Over quota.',
    })
  })

  it('knows every protocol code by name, and no name an object inherits', () => {
    for (const code of Object.values(PresignErrorCode)) expect(EndpointError.rejected(PresignErrorCode, code, '').serverCode).toBe(code)
    for (const inherited of ['toString', 'constructor', '__proto__']) {
      expect(EndpointError.rejected(PresignErrorCode, inherited, '')).toMatchObject({ serverCode: undefined, sentCode: inherited })
    }
  })

  it('returns the server Date beside the checked reply', async () => {
    const answer = Response.json(signed, { headers: { date: 'Mon, 23 Nov 2026 10:00:00 GMT' } })
    const { client } = clientAnswering(answer)
    await expect(client.exchange({ operation: 'putObject', file })).resolves.toEqual({
      reply: signed,
      serverDate: 'Mon, 23 Nov 2026 10:00:00 GMT',
    })
  })

  it('validates every part of a signParts reply', async () => {
    const reply = { parts: [{ ...signed, partNumber: 1 }, { ...signed, partNumber: 'two' }] }
    const { client } = clientAnswering(Response.json(reply))
    await expect(
      client.send({ operation: 'signParts', key: 'k', uploadId: 'u', partNumbers: [1, 2] }),
    ).rejects.toThrow(/reply\.parts\[1\]\.partNumber/)
  })

  it('lets an abort through as an abort, not as an unreachable endpoint', async () => {
    const controller = new AbortController()
    const fetch = vi.fn((_url: string, init: RequestInit) => {
      controller.abort()
      return Promise.reject(init.signal!.reason)
    })
    const client = createEndpointClient({ endpoint: '/api/s3', fetch: fetch as unknown as typeof globalThis.fetch })
    await expect(client.send({ operation: 'putObject', file }, controller.signal)).rejects.not.toBeInstanceOf(EndpointError)
  })
})
