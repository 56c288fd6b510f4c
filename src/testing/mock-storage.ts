import { http, HttpResponse, type HttpHandler } from 'msw'
import type { FileDescriptor, PresignRequest } from '../core/protocol.js'
import { createReadHandlers } from './mock-reads.js'

export interface StoredObject {
  key: string
  contentType: string
  body: Uint8Array
}

export interface MockStorageOptions {
  /** Path or URL of the signing endpoint the component under test calls. Default `/api/s3`. */
  endpoint?: string
  /** Base URL of the fake bucket. Default `https://bucket.s3.test`. */
  bucketUrl?: string
  /** Lifetime of each signed URL in seconds. Default 300. */
  expiresIn?: number
  /** Lifetime of each GET URL signed by `getObjects`, in seconds. Default 60. */
  getObjectExpiresIn?: number
  /** Whether the caller may read a key (`getObjects`); refused keys get KEY_OUTSIDE_PREFIX. Default: all. */
  canRead?: (key: string, request: Request) => boolean
}

export interface MockStorage {
  /** MSW handlers for the signing endpoint and the bucket; pass them to `setupServer` or `server.use`. */
  handlers: HttpHandler[]
  /** What landed in the bucket, by key. */
  objects: Map<string, StoredObject>
  /** Every request the endpoint received, in order. */
  signingRequests: PresignRequest[]
  /** Every GET the bucket received for an object: the URL, and the status answered. */
  objectReads: Array<{ url: string; status: number }>
}

/**
 * An in-memory stand-in for the signing endpoint and S3, so a host app's test
 * can render `<S3Uploader>` and assert what was uploaded, with no network.
 * It checks what real S3 checks for a presigned PUT: expiry, signed
 * Content-Type and Content-Length.
 */
export function createMockStorage(options: MockStorageOptions = {}): MockStorage {
  const endpoint = options.endpoint ?? '/api/s3'
  const bucketUrl = (options.bucketUrl ?? 'https://bucket.s3.test').replace(/\/$/, '')
  const expiresIn = options.expiresIn ?? 300
  const objects = new Map<string, StoredObject>()
  const signingRequests: PresignRequest[] = []
  const signed = new Map<string, { file: FileDescriptor; expiresAt: number }>()
  let counter = 0

  const reads = createReadHandlers({
    bucketUrl,
    expiresIn: options.getObjectExpiresIn ?? 60,
    canRead: options.canRead ?? (() => true),
    objects,
  })

  const signHandler = http.post(endpoint, async ({ request }) => {
    const body = (await request.json()) as PresignRequest
    signingRequests.push(body)
    if (body.operation === 'getObjects') return reads.signGetObjects(body, request)
    if (body.operation !== 'putObject') {
      return HttpResponse.json({ error: { code: 'UNKNOWN_OPERATION', message: `Not mocked: ${body.operation}` } }, { status: 400 })
    }
    counter += 1
    const key = `uploads/${counter}/${body.file.name}`
    const token = `t${counter}`
    const expiresAt = Date.now() + expiresIn * 1000
    signed.set(token, { file: body.file, expiresAt })
    const type = body.file.type || 'application/octet-stream'
    return HttpResponse.json({
      method: 'PUT',
      url: `${bucketUrl}/${encodeURIComponent(key)}?X-Amz-Signature=${token}`,
      key,
      headers: { 'content-type': type },
      expiresAt: new Date(expiresAt).toISOString(),
    })
  })

  const putHandler = http.put(`${bucketUrl}/:key`, async ({ request, params }) => {
    const token = new URL(request.url).searchParams.get('X-Amz-Signature') ?? ''
    const grant = signed.get(token)
    if (!grant) return s3Error(403, 'SignatureDoesNotMatch')
    if (Date.now() > grant.expiresAt) return s3Error(403, 'AccessDenied')
    const body = new Uint8Array(await request.arrayBuffer())
    const type = request.headers.get('content-type') ?? ''
    if (body.byteLength !== grant.file.size || type !== (grant.file.type || 'application/octet-stream')) {
      return s3Error(403, 'SignatureDoesNotMatch')
    }
    const key = decodeURIComponent(String(params.key))
    objects.set(key, { key, contentType: type, body })
    return new HttpResponse(null, { status: 200, headers: { etag: `"${token}"` } })
  })

  return { handlers: [signHandler, putHandler, reads.getHandler], objects, signingRequests, objectReads: reads.log }
}

function s3Error(status: number, code: string): HttpResponse<string> {
  return new HttpResponse(`<?xml version="1.0"?><Error><Code>${code}</Code></Error>`, {
    status,
    headers: { 'content-type': 'application/xml' },
  })
}
