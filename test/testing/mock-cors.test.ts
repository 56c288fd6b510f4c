// The mock bucket's CORS, as S3 applies the README's rule: environments that enforce CORS (jsdom's own
// XMLHttpRequest under MSW 3, a browser) need the preflight answered and the headers on every reply.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createMockStorage, type MockStorageOptions } from '../../src/testing/index.js'

const ENDPOINT = 'https://app.test/api/s3'
const PAGE = 'http://localhost:3000'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

async function signedPut(options: MockStorageOptions = {}) {
  const storage = createMockStorage({ endpoint: ENDPOINT, ...options })
  server.use(...storage.handlers)
  const file = { name: 'a.txt', size: 5, type: 'text/plain' }
  const response = await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'putObject', file }) })
  return (await response.json()) as { url: string; headers: Record<string, string> }
}

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,content-md5' },
  })

it('answers a preflight from any origin by default, echoing the origin and the headers asked for', async () => {
  const { url } = await signedPut()
  const response = await preflight(url, PAGE)
  expect(response.status).toBe(200)
  expect(response.headers.get('access-control-allow-origin')).toBe(PAGE)
  expect(response.headers.get('access-control-allow-methods')).toContain('PUT')
  expect(response.headers.get('access-control-allow-headers')).toBe('content-type,content-md5')
})

it('sends the CORS headers with the upload reply, exposing ETag', async () => {
  const { url, headers } = await signedPut()
  const response = await fetch(url, { method: 'PUT', headers: { ...headers, origin: PAGE }, body: 'hello' })
  expect(response.status).toBe(200)
  expect(response.headers.get('access-control-allow-origin')).toBe(PAGE)
  expect(response.headers.get('access-control-expose-headers')).toBe('ETag')
  expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
})

it('refuses the preflight, and adds no CORS headers, for an origin its rule does not allow', async () => {
  const { url, headers } = await signedPut({ allowedOrigins: ['https://app.example.com'] })
  expect((await preflight(url, 'https://evil.example')).status).toBe(403)
  expect((await preflight(url, 'https://app.example.com')).status).toBe(200)
  const response = await fetch(url, { method: 'PUT', headers: { ...headers, origin: 'https://evil.example' }, body: 'hello' })
  expect(response.headers.get('access-control-allow-origin')).toBeNull()
})
