import { http, HttpResponse, type HttpHandler } from 'msw'
import type { BatchRequest, ConfirmUploadRequest, PresignRequest } from '../protocol/messages.js'
import { preflightHandler, type AllowedOrigins } from './cors.js'
import { createReadHandlers } from './mock-reads.js'
import type { UrlSigning } from './mock-signature.js'
import {
  createWriteSide,
  type FaultInjector,
  type MockMultipartUpload,
  type MockUploadComplete,
  type StoredObject,
} from './mock-writes.js'

export type { FaultInjector, MockCall, MockMultipartUpload, MockUploadComplete, StoredObject } from './mock-writes.js'

export interface MockStorageOptions {
  /** Path or URL of the signing endpoint the component under test calls. Default `/api/s3`. */
  endpoint?: string
  /** Base URL of the fake bucket. Default `https://bucket.s3.test`. */
  bucketUrl?: string
  /**
   * Page origins the bucket's CORS rule allows (its `AllowedOrigins`); `['*']`, the default, allows any, so
   * jsdom's page (`http://localhost:3000` under Vitest) can reach the bucket on its other origin. An allowed
   * request's Origin is echoed in `Access-Control-Allow-Origin`, and `ETag` is exposed, as S3 does.
   */
  allowedOrigins?: AllowedOrigins
  /** Lifetime of each signed upload URL in seconds. Default 300. */
  expiresIn?: number
  /** Lifetime of each GET URL signed by `getObjects`, in seconds. Default 60. */
  getObjectExpiresIn?: number
  /** Whether the caller may read a key (`getObjects`); refused keys get KEY_OUTSIDE_PREFIX. Default: all. */
  canRead?: (key: string, request: Request) => boolean
  /** Answer `batch` requests (as the real handler does). Default `true`; `false` mimics an older server. */
  batch?: boolean
  /** Answers `confirmUpload` like the handler's option: what it returns reaches the browser as `serverData`. */
  onUploadComplete?: (event: MockUploadComplete) => unknown
  /** Called before every signing request and store call; return a response to inject a failure. */
  fault?: FaultInjector
  /**
   * How far the mock server's clock runs ahead of the test's (negative: behind), in ms. It signs,
   * checks expiry and writes the endpoint's `Date` header by that clock. Default 0.
   */
  clockSkewMs?: number
  /**
   * Sign URLs without X-Amz-Date and X-Amz-Expires (as a CDN or proxy in front of the store might),
   * so the client has only the reply's `expiresAt` and `Date` header to go by. Default `false`.
   */
  opaqueUrls?: boolean
}

export interface MockStorage {
  /** MSW handlers for the signing endpoint and the bucket; pass them to `setupServer` or `server.use`. */
  handlers: HttpHandler[]
  /** What landed in the bucket, by key. */
  objects: Map<string, StoredObject>
  /** Multipart uploads created and not yet completed or aborted, by upload id. */
  multipartUploads: Map<string, MockMultipartUpload>
  /** Every operation the endpoint was asked for but `confirmUpload`, in order (the items of a batch one by one). */
  signingRequests: PresignRequest[]
  /** Every `confirmUpload` received, in order (kept apart: it signs nothing). */
  confirmRequests: ConfirmUploadRequest[]
  /** How many HTTP requests reached the endpoint (a batch counts once). */
  endpointCalls: () => number
  /** Every GET the bucket received for an object: the URL, and the status answered. */
  objectReads: Array<{ url: string; status: number }>
}

/**
 * An in-memory stand-in for the signing endpoint and S3, so a host app's test
 * can render `<S3Uploader>` or `<SignedImage>` and assert what was uploaded,
 * with no network. It speaks the whole protocol (simple PUT, multipart, batch,
 * getObjects) and checks what S3 checks: expiry, the signed Content-Type and
 * size, Content-MD5, part ETags on completion. Its endpoint dates each reply
 * (`Date` header), as a real server does.
 */
export function createMockStorage(options: MockStorageOptions = {}): MockStorage {
  const endpoint = options.endpoint ?? '/api/s3'
  const bucketUrl = (options.bucketUrl ?? 'https://bucket.s3.test').replace(/\/$/, '')
  const fault: FaultInjector = options.fault ?? (() => undefined)
  const allowedOrigins = options.allowedOrigins ?? ['*']
  const objects = new Map<string, StoredObject>()
  const signingRequests: PresignRequest[] = []
  const confirmRequests: ConfirmUploadRequest[] = []
  let calls = 0
  const skew = options.clockSkewMs ?? 0
  const signing: UrlSigning = { now: () => Date.now() + skew, opaqueUrls: options.opaqueUrls ?? false }
  const reads = createReadHandlers({
    bucketUrl,
    expiresIn: options.getObjectExpiresIn ?? 60,
    canRead: options.canRead ?? (() => true),
    objects,
    signing,
    allowedOrigins,
  })
  const writes = createWriteSide({
    bucketUrl,
    expiresIn: options.expiresIn ?? 300,
    objects,
    fault,
    signing,
    allowedOrigins,
    onUploadComplete: options.onUploadComplete,
  })
  // A real server dates its replies; the client measures URL lifetimes by it.
  const dated = () => ({ date: new Date(signing.now()).toUTCString() })

  async function answer(body: PresignRequest, request: Request): Promise<{ status: number; body: unknown }> {
    if (body.operation === 'confirmUpload') confirmRequests.push(body)
    else signingRequests.push(body)
    if (body.operation === 'getObjects') return { status: 200, body: await reads.signGetObjects(body, request).json() }
    return writes.sign(body)
  }

  const signHandler = http.post(endpoint, async ({ request }) => {
    calls += 1
    const injected = await fault('sign', request)
    if (injected) return injected
    const body = (await request.clone().json()) as PresignRequest | BatchRequest
    if (body.operation === 'batch') {
      if (options.batch === false) return unknownOperation('batch', dated())
      const replies = []
      for (const item of body.requests) {
        const reply = await answer(item, request)
        replies.push(reply.status === 200 ? reply.body : { status: reply.status, ...(reply.body as object) })
      }
      return HttpResponse.json({ replies }, { headers: dated() })
    }
    const reply = await answer(body, request)
    return HttpResponse.json(reply.body as Record<string, unknown>, { status: reply.status, headers: dated() })
  })

  return {
    handlers: [signHandler, preflightHandler(bucketUrl, allowedOrigins), ...writes.handlers, reads.getHandler],
    objects,
    multipartUploads: writes.uploads,
    signingRequests,
    confirmRequests,
    endpointCalls: () => calls,
    objectReads: reads.log,
  }
}

function unknownOperation(operation: string, headers: Record<string, string>) {
  return HttpResponse.json({ error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation: ${operation}` } }, { status: 400, headers })
}
