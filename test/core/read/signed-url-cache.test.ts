import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { SignedUrlCache, type SignedUrlCacheOptions } from '../../../src/core/read/signed-url-cache.js'
import { EndpointError } from '../../../src/core/errors.js'
import type { GetObjectsRequest } from '../../../src/protocol/messages.js'
import { createMockStorage, type MockStorageOptions } from '../../../src/testing/index.js'

const SECOND = 1000
const ENDPOINT = 'https://app.test/api/s3'
const server = setupServer()
let caches: SignedUrlCache[] = []

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 10, 0, 0) })
})
afterEach(() => {
  for (const cache of caches) cache.destroy()
  caches = []
  server.resetHandlers()
  vi.useRealTimers()
})

/** A page whose visibility the test flips. */
function fakeVisibility() {
  let hidden = false
  const listeners = new Set<() => void>()
  return {
    isHidden: () => hidden,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(nextHidden: boolean) {
      hidden = nextHidden
      for (const listener of [...listeners]) listener()
    },
    get listenerCount() {
      return listeners.size
    },
  }
}

/**
 * The mock storage's endpoint, recording every request body it receives (failed ones too)
 * and answering the next `failNextRequests(n)` with 502.
 */
function mockEndpoint(options: MockStorageOptions) {
  const requests: GetObjectsRequest[] = []
  let failNext = 0
  const storage = createMockStorage({
    endpoint: ENDPOINT,
    ...options,
    fault: async (call, request) => {
      if (call !== 'sign') return undefined
      requests.push((await request.clone().json()) as GetObjectsRequest)
      if (failNext === 0) return undefined
      failNext -= 1
      return new Response('upstream down', { status: 502 })
    },
  })
  server.resetHandlers(...storage.handlers)
  return {
    requests,
    objects: storage.objects,
    failNextRequests(count: number) {
      failNext = count
    },
  }
}

/** The browser's `online` event, fired by the test. */
function fakeOnline() {
  const listeners = new Set<() => void>()
  return {
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    fire() {
      for (const listener of [...listeners]) listener()
    },
  }
}

function setup(endpointOptions: MockStorageOptions = {}, cacheOptions: Partial<SignedUrlCacheOptions> = {}) {
  const endpoint = mockEndpoint(endpointOptions)
  const visibility = fakeVisibility()
  const online = fakeOnline()
  const cache = new SignedUrlCache({ endpoint: ENDPOINT, visibility, online, ...cacheOptions })
  caches.push(cache)
  const watch = (key: string, disposition?: string) => cache.subscribe(key, disposition, () => {})
  const urlOf = (key: string) => cache.getSnapshot(key).url
  return { cache, endpoint, visibility, online, watch, urlOf }
}

describe('SignedUrlCache: batching and deduplication', () => {
  it('signs each key once and sends keys asked for within the window as one request', async () => {
    const { cache, endpoint, watch } = setup()
    watch('a.png')
    watch('a.png')
    watch('b.png')
    await vi.advanceTimersByTimeAsync(5)
    watch('c.png')
    expect(endpoint.requests).toEqual([])
    await vi.advanceTimersByTimeAsync(10)
    expect(endpoint.requests).toEqual([{ operation: 'getObjects', keys: ['a.png', 'b.png', 'c.png'] }])
    expect(cache.getSnapshot('a.png')).toMatchObject({ status: 'loaded', url: expect.stringContaining('a.png') })
    // A later component showing the same key reuses the URL: the browser cache keeps working.
    const first = cache.getSnapshot('a.png').url
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20 * SECOND)
    expect(endpoint.requests).toHaveLength(1)
    expect(cache.getSnapshot('a.png').url).toBe(first)
  })

  it('splits a batch at maxKeysPerRequest and groups keys by content disposition', async () => {
    const { endpoint, watch } = setup({}, { maxKeysPerRequest: 2 })
    for (const key of ['1', '2', '3']) watch(key)
    watch('1', 'attachment')
    await vi.advanceTimersByTimeAsync(20)
    expect(endpoint.requests).toEqual([
      { operation: 'getObjects', keys: ['1', '2'] },
      { operation: 'getObjects', keys: ['3'] },
      { operation: 'getObjects', keys: ['1'], responseContentDisposition: 'attachment' },
    ])
  })

  it('reports a refused key as an error on that key only', async () => {
    const { cache, watch } = setup({ canRead: (key) => key !== 'theirs.png' })
    watch('theirs.png')
    watch('mine.png')
    await vi.advanceTimersByTimeAsync(20)
    const refused = cache.getSnapshot('theirs.png')
    expect(refused.status).toBe('error')
    expect(refused.error).toBeInstanceOf(EndpointError)
    expect(refused.error).toMatchObject({ code: 'ENDPOINT_REJECTED', serverCode: 'KEY_OUTSIDE_PREFIX', message: 'You may not see this file' })
    expect(cache.getSnapshot('mine.png').status).toBe('loaded')
  })
})

describe('SignedUrlCache: refresh scheduling', () => {
  it('re-signs at 85% of a 60 s life (59 s counted from the send) while subscribed, and stops after', async () => {
    const { endpoint, watch, urlOf } = setup()
    const stop = watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    const first = urlOf('a.png')
    await vi.advanceTimersByTimeAsync(50 * SECOND - 100)
    expect(endpoint.requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(300)
    expect(endpoint.requests).toHaveLength(2)
    expect(urlOf('a.png')).not.toBe(first)
    stop()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(10 * 60 * SECOND)
    expect(endpoint.requests).toHaveLength(2)
  })

  it('keeps the current URL and status "refreshing" while the new one is signed', async () => {
    const { cache, watch, urlOf } = setup()
    const seen: string[] = []
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    const first = urlOf('a.png')
    cache.subscribe('a.png', undefined, () => seen.push(`${cache.getSnapshot('a.png').status} ${cache.getSnapshot('a.png').url === first}`))
    await vi.advanceTimersByTimeAsync(51 * SECOND)
    expect(seen).toEqual(['refreshing true', 'loaded false'])
  })

  it('is not fooled by a server clock an hour ahead or behind', async () => {
    for (const skewMs of [3600 * SECOND, -3600 * SECOND]) {
      for (const plainUrls of [false, true]) {
        const { endpoint, watch, cache } = setup({ clockSkewMs: skewMs, opaqueUrls: plainUrls })
        watch('a.png')
        await vi.advanceTimersByTimeAsync(20)
        expect(cache.getSnapshot('a.png').status).toBe('loaded')
        await vi.advanceTimersByTimeAsync(45 * SECOND)
        // Neither an immediate refresh loop (clock behind) nor a missed expiry (clock ahead).
        expect(endpoint.requests).toHaveLength(1)
        await vi.advanceTimersByTimeAsync(10 * SECOND)
        expect(endpoint.requests).toHaveLength(2)
        cache.destroy()
      }
    }
  })

  it('keeps the page in step: a key past half its life rides along with a due one', async () => {
    const { endpoint, watch } = setup()
    watch('early.png')
    await vi.advanceTimersByTimeAsync(20 * SECOND)
    watch('late.png')
    await vi.advanceTimersByTimeAsync(20)
    expect(endpoint.requests).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(31 * SECOND)
    expect(endpoint.requests.at(-1)).toEqual({ operation: 'getObjects', keys: ['early.png', 'late.png'] })
    await vi.advanceTimersByTimeAsync(20 * SECOND)
    expect(endpoint.requests).toHaveLength(3)
  })

  it('retries a failed refresh while the old URL is still good, without leaving the loaded state', async () => {
    const { cache, endpoint, watch, urlOf } = setup()
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    const first = urlOf('a.png')
    endpoint.failNextRequests(1)
    await vi.advanceTimersByTimeAsync(51 * SECOND)
    expect(endpoint.requests).toHaveLength(2)
    // The URL on screen still works: nothing for a component to show differently.
    expect(cache.getSnapshot('a.png')).toMatchObject({ status: 'loaded', url: first, stale: false, error: undefined })
    await vi.advanceTimersByTimeAsync(5 * SECOND)
    expect(endpoint.requests).toHaveLength(3)
    expect(cache.getSnapshot('a.png').status).toBe('loaded')
    expect(urlOf('a.png')).not.toBe(first)
  })

  it('keeps the expired URL as stale (not error) while refreshing fails, retries with backoff, and heals', async () => {
    const { cache, endpoint, watch, urlOf } = setup()
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    const first = urlOf('a.png')
    endpoint.failNextRequests(100)
    await vi.advanceTimersByTimeAsync(60 * SECOND)
    expect(cache.getSnapshot('a.png')).toMatchObject({ status: 'loaded', url: first, stale: true })
    expect(cache.getSnapshot('a.png').error).toMatchObject({ code: 'ENDPOINT_HTTP_ERROR', status: 502 })
    // Still trying while watched, at most every 5 s.
    const count = endpoint.requests.length
    await vi.advanceTimersByTimeAsync(30 * SECOND)
    expect(endpoint.requests.length - count).toBeGreaterThanOrEqual(5)
    expect(endpoint.requests.length - count).toBeLessThanOrEqual(7)
    endpoint.failNextRequests(0)
    await vi.advanceTimersByTimeAsync(5 * SECOND + 20)
    expect(cache.getSnapshot('a.png')).toMatchObject({ status: 'loaded', stale: false, error: undefined })
    expect(urlOf('a.png')).not.toBe(first)
  })

  it('gives a key whose first signing failed a due time, so it recovers by itself', async () => {
    const { cache, endpoint, watch } = setup()
    endpoint.failNextRequests(3)
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    expect(cache.getSnapshot('a.png')).toMatchObject({ status: 'error', url: undefined, stale: false })
    // 1 s, 2 s, 4 s of backoff: the fourth request succeeds.
    await vi.advanceTimersByTimeAsync(7 * SECOND + 100)
    expect(endpoint.requests).toHaveLength(4)
    expect(cache.getSnapshot('a.png').status).toBe('loaded')
  })

  it('retries at once when the browser comes back online or the page into view', async () => {
    const { cache, endpoint, online, visibility, watch } = setup()
    endpoint.failNextRequests(2)
    watch('a.png')
    await vi.advanceTimersByTimeAsync(1100)
    expect(endpoint.requests).toHaveLength(2)
    endpoint.failNextRequests(1)
    online.fire()
    await vi.advanceTimersByTimeAsync(20)
    expect(endpoint.requests).toHaveLength(3)
    visibility.set(true)
    visibility.set(false)
    await vi.advanceTimersByTimeAsync(20)
    expect(endpoint.requests).toHaveLength(4)
    expect(cache.getSnapshot('a.png').status).toBe('loaded')
  })
  it('refresh() re-signs at once, sharing one request between callers', async () => {
    const { cache, endpoint, watch, urlOf } = setup()
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    const first = urlOf('a.png')
    const both = Promise.all([cache.refresh('a.png'), cache.refresh('a.png')])
    await vi.advanceTimersByTimeAsync(20)
    await both
    expect(endpoint.requests).toHaveLength(2)
    expect(urlOf('a.png')).not.toBe(first)
  })
})

describe('SignedUrlCache: hidden pages', () => {
  it('signs nothing in the background while hidden and catches up when shown', async () => {
    const { cache, endpoint, visibility, watch } = setup()
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    visibility.set(true)
    await vi.advanceTimersByTimeAsync(5 * 60 * SECOND)
    expect(endpoint.requests).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
    visibility.set(false)
    await vi.advanceTimersByTimeAsync(20)
    expect(endpoint.requests).toHaveLength(2)
    expect(cache.getSnapshot('a.png').status).toBe('loaded')
  })

  it('still signs a key a component asks for while hidden', async () => {
    const { cache, visibility, watch } = setup()
    visibility.set(true)
    watch('a.png')
    await vi.advanceTimersByTimeAsync(20)
    expect(cache.getSnapshot('a.png').status).toBe('loaded')
  })

  it('listens to visibility only while something is subscribed', () => {
    const { visibility, watch } = setup()
    const stopA = watch('a.png')
    const stopB = watch('b.png')
    expect(visibility.listenerCount).toBe(1)
    stopA()
    stopB()
    expect(visibility.listenerCount).toBe(0)
  })
})

describe('SignedUrlCache: check after a failed load', () => {
  it('marks a key the store does not hold as not found and stops signing it until refresh()', async () => {
    const { cache, endpoint, watch } = setup()
    watch('gone.png')
    await vi.advanceTimersByTimeAsync(20)
    await Promise.all([cache.check('gone.png'), vi.advanceTimersByTimeAsync(20)])
    expect(endpoint.requests.at(-1)).toEqual({ operation: 'getObjects', keys: ['gone.png'], check: true })
    const snapshot = cache.getSnapshot('gone.png')
    expect(snapshot).toMatchObject({ status: 'error', url: undefined })
    expect(snapshot.error).toMatchObject({ code: 'ENDPOINT_REJECTED', serverCode: 'OBJECT_NOT_FOUND' })
    const count = endpoint.requests.length
    await vi.advanceTimersByTimeAsync(5 * 60 * SECOND)
    expect(endpoint.requests).toHaveLength(count)
    watch('gone.png')
    await vi.advanceTimersByTimeAsync(20)
    expect(endpoint.requests).toHaveLength(count)
    await Promise.all([cache.refresh('gone.png'), vi.advanceTimersByTimeAsync(20)])
    expect(endpoint.requests).toHaveLength(count + 1)
    expect(cache.getSnapshot('gone.png').status).toBe('loaded')
  })

  it('leaves a key the store serves loaded, with a new URL', async () => {
    const { cache, endpoint, watch, urlOf } = setup()
    endpoint.objects.set('here.png', { key: 'here.png', contentType: 'image/png', body: new Uint8Array([1]) })
    watch('here.png')
    await vi.advanceTimersByTimeAsync(20)
    const first = urlOf('here.png')
    await Promise.all([cache.check('here.png'), vi.advanceTimersByTimeAsync(20)])
    expect(endpoint.requests).toHaveLength(2)
    expect(cache.getSnapshot('here.png').status).toBe('loaded')
    expect(urlOf('here.png')).not.toBe(first)
  })
})
