import { afterAll, describe, expect, it, vi } from 'vitest'
import { destroyClients, errorOf, jsonRequest, makeHandler, smallFile } from './helpers.js'

// Issue 12, finding 7: an optional Origin / Sec-Fetch-Site check beside the JSON-only rule.

afterAll(destroyClients)

const body = { operation: 'putObject', file: smallFile }
const request = (headers: Record<string, string>) =>
  jsonRequest(body, { headers: { 'content-type': 'application/json', ...headers } })

describe('allowedOrigins', () => {
  const app = 'https://app.example.com'

  it.each<[string, Record<string, string>]>([
    ['another Origin', { origin: 'https://evil.example' }],
    ['an opaque Origin (sandboxed frame, file:)', { origin: 'null' }],
    ['a look-alike Origin', { origin: 'https://app.example.com.evil.example' }],
    ['no Origin, cross-site fetch metadata', { 'sec-fetch-site': 'cross-site' }],
    ['no Origin, same-site fetch metadata', { 'sec-fetch-site': 'same-site' }],
  ])('refuses %s with 403 ORIGIN_NOT_ALLOWED before authorize', async (_name, headers) => {
    const authorize = vi.fn(() => true)
    const response = await makeHandler({ authorize, allowedOrigins: [app] })(request(headers))
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe('ORIGIN_NOT_ALLOWED')
    expect(authorize).not.toHaveBeenCalled()
  })

  it.each<[string, Record<string, string>]>([
    ['a listed Origin', { origin: app, 'sec-fetch-site': 'same-origin' }],
    ['a listed Origin of a cross-origin page', { origin: 'https://admin.example.com', 'sec-fetch-site': 'same-site' }],
    ['no Origin, same-origin fetch metadata', { 'sec-fetch-site': 'same-origin' }],
    ['no browser headers at all (server to server)', {}],
  ])('allows %s', async (_name, headers) => {
    const handler = makeHandler({ allowedOrigins: [app, 'https://admin.example.com'] })
    expect((await handler(request(headers))).status).toBe(200)
  })

  it('is off by default', async () => {
    expect((await makeHandler()(request({ origin: 'https://evil.example' }))).status).toBe(200)
  })

  it.each([[[]], [['https://app.example.com/']], [['app.example.com']], [['*']], ['https://app.example.com']])(
    'checks %j at creation',
    (allowedOrigins) => {
      expect(() => makeHandler({ allowedOrigins: allowedOrigins as string[] })).toThrow(/allowedOrigins/)
    },
  )
})
