import { createHash } from 'node:crypto'
import { createBatchingClient } from '../../src/core/endpoint/batching-endpoint-client.js'
import { StorageError } from '../../src/core/errors.js'
import { Limiter } from '../../src/core/transfer/request-limiter.js'
import type { PresignRequest } from '../../src/protocol/messages.js'
import { resolveRetryOptions } from '../../src/core/transfer/retry-policy.js'
import { SigningCache } from '../../src/core/transfer/upload-url-cache.js'
import type { StorageRequest, StorageResponse, StorageTransport } from '../../src/core/transfer/storage-transport.js'
import type { TransferContext } from '../../src/core/transfer/transfer-context.js'

/**
 * An in-memory signing endpoint and S3 for transfer tests in Node: it checks
 * Content-MD5 like S3 (400 BadDigest), keeps multipart uploads and parts,
 * and lets a test inject failures per request.
 */
export function createFakeS3() {
  const objects = new Map<string, Buffer>()
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>()
  const signing: PresignRequest[] = []
  const sent: Array<{ method: string; url: string; at: number }> = []
  let inFlight = 0
  let maxInFlight = 0
  let counter = 0
  /** Return a response to fail the request, or undefined to let it through. */
  let inject: (request: StorageRequest, url: URL) => StorageResponse | 'network' | undefined = () => undefined

  const signed = (method: string, path: string) => ({
    method,
    url: `https://s3.test/${path}${path.includes('?') ? '&' : '?'}X-Amz-Expires=300`,
    headers: {},
    expiresAt: new Date(Date.now() + 300_000).toISOString(),
  })
  const answer = (request: PresignRequest) => {
    signing.push(request)
    switch (request.operation) {
      case 'putObject': return { ...signed('PUT', `uploads/${++counter}`), key: `uploads/${counter}` }
      case 'createMultipartUpload': return { ...signed('POST', `uploads/${++counter}?uploads`), key: `uploads/${counter}` }
      case 'signParts':
        return { parts: request.partNumbers.map((n) => ({ ...signed('PUT', `${request.key}?uploadId=${request.uploadId}&partNumber=${n}`), partNumber: n })) }
      case 'listParts': return signed('GET', `${request.key}?uploadId=${request.uploadId}`)
      case 'completeMultipartUpload': return signed('POST', `${request.key}?uploadId=${request.uploadId}`)
      case 'abortMultipartUpload': return signed('DELETE', `${request.key}?uploadId=${request.uploadId}`)
    }
  }
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body))
    if (body.operation === 'batch') return Response.json({ replies: body.requests.map(answer) })
    return Response.json(answer(body))
  }) as typeof globalThis.fetch

  const reply = (status: number, text = '', headers: Record<string, string> = {}): StorageResponse => ({
    status,
    text,
    header: (name) => headers[name.toLowerCase()] ?? null,
  })
  const s3Error = (status: number, code: string) => reply(status, `<Error><Code>${code}</Code></Error>`)

  async function handle(request: StorageRequest): Promise<StorageResponse> {
    const url = new URL(request.url)
    const key = url.pathname.slice(1)
    const uploadId = url.searchParams.get('uploadId')
    const body = request.body instanceof Blob ? Buffer.from(await request.body.arrayBuffer()) : Buffer.from(request.body ?? '')
    const md5 = request.headers['content-md5']
    if (md5 && createHash('md5').update(body).digest('base64') !== md5) return s3Error(400, 'BadDigest')
    if (request.method === 'POST' && url.searchParams.has('uploads')) {
      const id = `upload-${uploads.size + 1}`
      uploads.set(id, { key, parts: new Map() })
      return reply(200, `<InitiateMultipartUploadResult><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`)
    }
    const upload = uploadId ? uploads.get(uploadId) : undefined
    if (uploadId && !upload) return s3Error(404, 'NoSuchUpload')
    const etagOf = (bytes: Buffer) => `"${createHash('md5').update(bytes).digest('hex')}"`
    if (request.method === 'PUT' && upload) {
      upload.parts.set(Number(url.searchParams.get('partNumber')), body)
      request.onProgress?.(body.length)
      return reply(200, '', { etag: etagOf(body) })
    }
    if (request.method === 'PUT') {
      objects.set(key, body)
      return reply(200, '', { etag: etagOf(body) })
    }
    if (request.method === 'GET' && upload) {
      const parts = [...upload.parts].map(([n, bytes]) => `<Part><PartNumber>${n}</PartNumber><ETag>${etagOf(bytes)}</ETag><Size>${bytes.length}</Size></Part>`)
      return reply(200, `<ListPartsResult>${parts.join('')}</ListPartsResult>`)
    }
    if (request.method === 'POST' && upload) {
      const numbers = [...body.toString().matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((match) => Number(match[1]))
      objects.set(upload.key, Buffer.concat(numbers.map((n) => upload.parts.get(n)!)))
      uploads.delete(uploadId!)
      return reply(200, `<CompleteMultipartUploadResult><Key>${upload.key}</Key></CompleteMultipartUploadResult>`)
    }
    if (request.method === 'DELETE' && upload) {
      uploads.delete(uploadId!)
      return reply(204)
    }
    return s3Error(400, 'Unexpected')
  }

  const transport: StorageTransport = async (request) => {
    request.signal.throwIfAborted()
    sent.push({ method: request.method, url: request.url, at: Date.now() })
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    try {
      await new Promise((resolve) => setTimeout(resolve, 5))
      request.signal.throwIfAborted()
      const injected = inject(request, new URL(request.url))
      if (injected === 'network') throw new StorageError('STORAGE_NETWORK_ERROR', 'cut')
      request.signal.throwIfAborted()
      return injected ?? (await handle(request))
    } finally {
      inFlight -= 1
    }
  }

  function context(overrides: Partial<TransferContext> = {}): TransferContext {
    return {
      cache: new SigningCache(createBatchingClient({ endpoint: '/api/s3', fetch }), 32),
      transport,
      retry: resolveRetryOptions({ baseDelayMs: 1, maxDelayMs: 5 }),
      checksum: true,
      requests: new Limiter(6),
      ...overrides,
    }
  }

  return {
    objects,
    uploads,
    signing,
    sent,
    get maxInFlight() {
      return maxInFlight
    },
    setInject(fn: typeof inject) {
      inject = fn
    },
    context,
    s3Error,
    /** The endpoint and the store, for a whole `UploadController` (`fetch` and `transport` options). */
    fetch,
    transport,
  }
}
