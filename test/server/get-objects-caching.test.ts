import { GetObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type { GetObjectsReply, SignedObjectUrl } from '../../src/protocol/messages.js'
import { BUCKET, destroyClients, errorOf, jsonRequest, makeHandler, makeS3, query } from './helpers.js'

afterAll(destroyClients)
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const KEY = 'uploads/cat.png'
const WINDOW = 30
const LIFE = 60
const CACHE_CONTROL = 'private, max-age=60'

async function sign(handler: (request: Request) => Promise<Response>, body: Record<string, unknown> = {}) {
  const response = await handler(jsonRequest({ operation: 'getObjects', keys: [KEY], ...body }))
  return { response, objects: ((await response.json()) as GetObjectsReply).objects }
}

function amzDate(url: string): number {
  const date = query(url).get('X-Amz-Date')!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')
  return Date.parse(date)
}

describe('getObjects with getObjectSigningWindow and getObjectCacheControl', () => {
  const options = { getObjectExpiresIn: LIFE, getObjectSigningWindow: WINDOW, getObjectCacheControl: CACHE_CONTROL }

  it('gives byte-identical URLs within one window, the ones getSignedUrl gives for the rounded time', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 10, 0, 3, 250), toFake: ['Date'] })
    const handler = makeHandler(options)
    const first = (await sign(handler)).objects[0] as SignedObjectUrl
    vi.setSystemTime(Date.UTC(2026, 11, 1, 10, 0, 29, 900))
    const second = (await sign(handler)).objects[0] as SignedObjectUrl
    expect(second.url).toBe(first.url)
    expect(amzDate(first.url)).toBe(Date.UTC(2026, 11, 1, 10, 0, 0))
    expect(query(first.url).get('X-Amz-Expires')).toBe(String(LIFE + WINDOW))
    expect(query(first.url).get('response-cache-control')).toBe(CACHE_CONTROL)
    const expected = await getSignedUrl(
      makeS3(),
      new GetObjectCommand({ Bucket: BUCKET, Key: KEY, ResponseCacheControl: CACHE_CONTROL }),
      { expiresIn: LIFE + WINDOW, signingDate: new Date(Date.UTC(2026, 11, 1, 10, 0, 0)) },
    )
    expect(first.url).toBe(expected)
    // Never less than getObjectExpiresIn left when handed out, said in whole seconds.
    expect(second.expiresIn).toBe(60)
    expect(first.expiresIn).toBe(86)
    expect(Date.parse(first.expiresAt)).toBe(Date.UTC(2026, 11, 1, 10, 1, 30))
  })

  it('moves to a new URL in the next window', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 10, 0, 29, 999), toFake: ['Date'] })
    const handler = makeHandler(options)
    const first = (await sign(handler)).objects[0] as SignedObjectUrl
    vi.setSystemTime(Date.UTC(2026, 11, 1, 10, 0, 30, 0))
    const second = (await sign(handler)).objects[0] as SignedObjectUrl
    expect(second.url).not.toBe(first.url)
    expect(amzDate(second.url) - amzDate(first.url)).toBe(WINDOW * 1000)
  })

  it('sends no expiresIn and signs from now without a window', async () => {
    const { objects } = await sign(makeHandler({ getObjectExpiresIn: LIFE }))
    expect(objects[0]).not.toHaveProperty('expiresIn')
    expect(query((objects[0] as SignedObjectUrl).url).get('response-cache-control')).toBeNull()
  })

  it('checks the options at creation', () => {
    expect(() => makeHandler({ getObjectExpiresIn: 60, getObjectSigningWindow: 31 })).toThrow(/getObjectSigningWindow/)
    expect(() => makeHandler({ getObjectExpiresIn: 60, getObjectSigningWindow: 1.5 })).toThrow(/getObjectSigningWindow/)
    expect(() => makeHandler({ getObjectExpiresIn: 60, getObjectCacheControl: 'public, max-age=60' })).toThrow(/private/)
    expect(() => makeHandler({ getObjectExpiresIn: 60, getObjectCacheControl: 'private, max-age=61' })).toThrow(/max-age/)
    expect(() => makeHandler({ getObjectExpiresIn: 60, getObjectCacheControl: 'private' })).toThrow(/max-age/)
    expect(() => makeHandler({ getObjectCacheControl: 'private, max-age=1\r\nx: y' })).toThrow(/printable/)
    expect(() => makeHandler({ getObjectSigner: 'cloudfront' as never })).toThrow(/getObjectSigner/)
  })
})

describe('getObjects with check', () => {
  /** The store as the endpoint's probe sees it: a status (and S3 XML body) per call. */
  function store(status: number, body = '') {
    const calls: Array<{ url: string; range: string | null }> = []
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, range: new Headers(init.headers).get('range') })
      if (status === 0) throw new TypeError('fetch failed')
      return new Response(body, { status })
    })
    return calls
  }

  it.each([
    [404, '<Error><Code>NoSuchKey</Code></Error>', 'OBJECT_NOT_FOUND'],
    [403, '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', 'STORE_URL_EXPIRED'],
    [403, '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>', 'STORE_FORBIDDEN'],
    [0, '', 'STORE_UNREACHABLE'],
    [500, '', 'STORE_UNREACHABLE'],
  ])('answers a store %i as %s for that key', async (status, body, code) => {
    const calls = store(status, body)
    const { objects } = await sign(makeHandler(), { check: true })
    expect(objects).toEqual([{ key: KEY, error: { code, message: expect.any(String) } }])
    expect(calls).toHaveLength(1)
    expect(calls[0]!.range).toBe('bytes=0-0')
    expect(query(calls[0]!.url).get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('answers the signed URL when the store serves it, and probes nothing without check', async () => {
    const calls = store(206, 'x')
    const checked = await sign(makeHandler(), { check: true })
    expect(checked.objects[0]).toMatchObject({ key: KEY, url: expect.stringContaining('cat.png') })
    await sign(makeHandler())
    expect(calls).toHaveLength(1)
  })

  it('probes only keys authorize allowed, and at most 10 keys per request', async () => {
    const calls = store(200)
    const { objects } = await sign(makeHandler({ authorize: () => ({ allow: true, keyPrefix: 'other/' }) }), { check: true })
    expect(objects[0]).toMatchObject({ error: { code: 'KEY_OUTSIDE_PREFIX' } })
    expect(calls).toHaveLength(0)
    const keys = Array.from({ length: 11 }, (_, index) => `uploads/${index}.png`)
    const response = await makeHandler()(jsonRequest({ operation: 'getObjects', keys, check: true }))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('TOO_MANY_KEYS')
    const bad = await makeHandler()(jsonRequest({ operation: 'getObjects', keys: [KEY], check: 'yes' }))
    expect((await errorOf(bad)).message).toMatch(/check must be a boolean/)
  })
})
