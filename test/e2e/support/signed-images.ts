import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Page } from 'playwright-core'
import { inject } from 'vitest'

/**
 * What the SignedImage e2e files share: a real PNG in RGW per key, the page's
 * image states, and counts taken where they happen (store requests through CDP,
 * signing requests at the handler).
 */

type Handler = (request: Request) => Promise<Response>

// A real 1×1 PNG: Chromium must decode it, or the preload counts as a failure.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

export async function putPngs(s3: S3Client, keys: string[]): Promise<void> {
  for (const key of keys) {
    await s3.send(new PutObjectCommand({ Bucket: inject('rgw').bucket, Key: key, Body: PNG, ContentType: 'image/png' }))
  }
}

export async function deleteKeys(s3: S3Client, keys: string[]): Promise<void> {
  await s3.send(new DeleteObjectsCommand({ Bucket: inject('rgw').bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }))
}

export interface SigningLog {
  wrap: (handler: Handler) => Handler
  /** Every getObjects body the handler answered (or refused while `down`), in order. */
  bodies: Array<{ keys: string[]; check?: boolean }>
  /** While true, the endpoint answers 503, as a host app mid-deploy would. */
  down: boolean
}

export function signingLog(): SigningLog {
  const log: SigningLog = {
    bodies: [],
    down: false,
    wrap: (handler) => async (request) => {
      const body = await request.clone().json().catch(() => ({}))
      if (body.operation === 'getObjects') log.bodies.push(body)
      if (log.down) {
        return Response.json({ error: { code: 'INTERNAL_ERROR', message: 'Deploying' } }, { status: 503 })
      }
      return handler(request)
    },
  }
  return log
}

export interface ImageState {
  key: string
  state: string | undefined
  error: string | undefined
  stale: boolean
  /** Decoded and drawn: what the user sees. */
  shown: boolean
  src: string
}

export function imageStates(page: Page): Promise<ImageState[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('img')].map((img) => ({
      key: img.alt,
      state: img.dataset.state,
      error: img.dataset.error,
      stale: img.dataset.stale !== undefined,
      shown: img.complete && img.naturalWidth > 0,
      src: img.src,
    })),
  )
}

export interface StoreTraffic {
  /** Requests the page sent to the store (every GET, preloads included), by URL. */
  requests: string[]
  /** Store responses, and whether the browser's cache answered them. */
  responses: Array<{ url: string; fromCache: boolean }>
}

/** Store traffic of one page, as Chromium's network stack sees it (CDP). */
export async function watchStore(page: Page): Promise<StoreTraffic> {
  const store = inject('rgw').endpoint
  const traffic: StoreTraffic = { requests: [], responses: [] }
  const cdp = await page.context().newCDPSession(page)
  // Chromium names memory-cache hits in an event of their own, before the response.
  const fromMemory = new Set<string>()
  cdp.on('Network.requestWillBeSent', ({ request }) => {
    if (request.url.startsWith(store)) traffic.requests.push(request.url)
  })
  cdp.on('Network.requestServedFromCache', ({ requestId }) => fromMemory.add(requestId))
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    if (!response.url.startsWith(store)) return
    traffic.responses.push({ url: response.url, fromCache: response.fromDiskCache || fromMemory.has(requestId) })
  })
  await cdp.send('Network.enable')
  return traffic
}

export function pageUrl(base: string, keys: string[]): string {
  return `${base}/?keys=${keys.map(encodeURIComponent).join(',')}`
}
