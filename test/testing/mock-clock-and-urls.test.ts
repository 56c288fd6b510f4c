// The mock's clock and URL options: a skewed server clock, dated replies, URLs without SigV4 fields.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'
import { createMockStorage, type MockStorageOptions } from '../../src/testing/index.js'

const ENDPOINT = 'https://app.test/api/s3'
const HOUR = 3600_000
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function setup(options: MockStorageOptions = {}) {
  const storage = createMockStorage({ endpoint: ENDPOINT, ...options })
  server.use(...storage.handlers)
  storage.objects.set('a.png', { key: 'a.png', contentType: 'image/png', body: new Uint8Array([1, 2, 3]) })
  return storage
}

async function post(body: unknown): Promise<Response> {
  return fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

async function signRead(): Promise<{ response: Response; url: string; expiresAt: string }> {
  const response = await post({ operation: 'getObjects', keys: ['a.png'] })
  const { objects } = (await response.clone().json()) as { objects: Array<{ url: string; expiresAt: string }> }
  return { response, ...objects[0]! }
}

it('dates every endpoint reply by its clock, as a real server does', async () => {
  setup()
  const before = Date.now()
  const { response } = await signRead()
  const date = Date.parse(response.headers.get('date')!)
  expect(date).toBeGreaterThan(before - 1000)
  expect(date).toBeLessThanOrEqual(Date.now())
})

it('signs, dates and checks expiry by a server clock an hour ahead', async () => {
  setup({ clockSkewMs: HOUR, getObjectExpiresIn: 60 })
  const { response, url, expiresAt } = await signRead()
  expect(Date.parse(response.headers.get('date')!)).toBeGreaterThan(Date.now() + HOUR - 2000)
  expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + HOUR)
  const signedAt = /X-Amz-Date=(\d{4})(\d{2})(\d{2})T(\d{2})/.exec(url)!
  expect(Number(signedAt[4])).toBe(new Date(Date.now() + HOUR).getUTCHours())
  expect((await fetch(url)).status).toBe(200)
})

it('checks expiry by the skewed server clock, not the test\'s', async () => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 10, 0, 0), toFake: ['Date'] })
  try {
    setup({ clockSkewMs: -HOUR, getObjectExpiresIn: 60 })
    const { url, expiresAt } = await signRead()
    // By the test's clock the URL expired an hour ago; by the server's it is fresh.
    expect(Date.parse(expiresAt)).toBeLessThan(Date.now())
    expect((await fetch(url)).status).toBe(200)
    vi.setSystemTime(Date.now() + 61_000)
    expect((await fetch(url)).status).toBe(403)
  } finally {
    vi.useRealTimers()
  }
})

it('signs opaque URLs, without X-Amz-Date or X-Amz-Expires, that still work for reads and writes', async () => {
  const storage = setup({ opaqueUrls: true })
  const { url } = await signRead()
  expect(url).not.toMatch(/X-Amz-(Date|Expires)/)
  expect((await fetch(url)).status).toBe(200)
  const put = (await (await post({ operation: 'putObject', file: { name: 'b.txt', size: 2, type: 'text/plain' } })).json()) as {
    url: string
    key: string
    headers: Record<string, string>
  }
  expect(put.url).not.toMatch(/X-Amz-(Date|Expires)/)
  expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: 'hi' })).status).toBe(200)
  expect(new TextDecoder().decode(storage.objects.get(put.key)!.body)).toBe('hi')
})
