import type { GetObjectsReply, GetObjectsRequest } from '../../src/protocol/messages.js'

/** `20261123T100500Z` for an epoch-ms time, as SigV4 writes it. */
export function amzDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

export interface FakeEndpointOptions {
  expiresIn?: number
  /** How far the server's clock is ahead of the browser's, in ms. */
  skewMs?: number
  /** Keys the server refuses (another user's). */
  refused?: Set<string>
  /** Leave X-Amz-* out of URLs, so only expiresAt and Date are left to go by. */
  plainUrls?: boolean
  /** Send a Date header. */
  sendDate?: boolean
}

/** A signing endpoint in a function: counts getObjects requests, signs SigV4-shaped URLs. */
export function fakeGetObjectsEndpoint(options: FakeEndpointOptions = {}) {
  const { expiresIn = 60, skewMs = 0, refused = new Set(), plainUrls = false, sendDate = true } = options
  const requests: GetObjectsRequest[] = []
  let signature = 0
  let failNext = 0
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as GetObjectsRequest
    requests.push(body)
    if (failNext > 0) {
      failNext -= 1
      return new Response('upstream down', { status: 502 })
    }
    const serverNow = Date.now() + skewMs
    const signedAt = Math.floor(serverNow / 1000) * 1000
    const reply: GetObjectsReply = {
      objects: body.keys.map((key) => {
        if (refused.has(key)) return { key, error: { code: 'KEY_OUTSIDE_PREFIX', message: 'Not yours' } }
        signature += 1
        const query = plainUrls
          ? `sig=${signature}`
          : `X-Amz-Date=${amzDate(signedAt)}&X-Amz-Expires=${expiresIn}&X-Amz-Signature=${signature}`
        return { key, url: `https://bucket.test/${encodeURIComponent(key)}?${query}`, expiresAt: new Date(signedAt + expiresIn * 1000).toISOString() }
      }),
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (sendDate) headers.date = new Date(serverNow).toUTCString()
    return new Response(JSON.stringify(reply), { status: 200, headers })
  }
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    failNextRequests(count: number) {
      failNext = count
    },
  }
}

/** A page whose visibility the test flips. */
export function fakeVisibility() {
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
