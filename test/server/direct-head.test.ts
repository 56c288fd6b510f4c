import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type { UploadCompleteEvent } from '../../src/server/index.js'
import { directHead, isPlainClient } from '../../src/server/direct-head.js'
import type { FastPresigner } from '../../src/server/fast-presigner.js'
import { BUCKET, FAKE_ENDPOINT, errorOf, jsonRequest, makeHandler } from './helpers.js'

// confirmUpload's HeadObject goes straight through the client's request handler (direct-head.ts) for a
// plain client, and through `s3.send` for every other. The handler here plays the store: it sees both
// kinds of request, told apart by how they are signed (a query signature, or an Authorization header).

const key = 'uploads/0b7e7a4c-1111-4222-8333-444455556666/note.txt'
const ETAG = '"d41d8cd98f00b204e9800998ecf8427e"'
const FOUND = { 'content-length': '0', 'content-type': 'text/plain', etag: ETAG }

interface SeenRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
}

const clients: S3Client[] = []
afterAll(() => clients.forEach((s3) => s3.destroy()))

/** A client whose store answers `answer(request)`; `seen` lists what reached it. */
function storeAnswering(answer: (request: SeenRequest, direct: boolean) => { status: number; headers?: Record<string, string> }) {
  const seen: Array<SeenRequest & { direct: boolean }> = []
  const requestHandler = {
    handle: vi.fn(async (request: SeenRequest) => {
      const direct = 'X-Amz-Signature' in (request.query ?? {})
      seen.push({ ...request, direct })
      const { status, headers = {} } = answer(request, direct)
      return { response: { statusCode: status, headers, body: undefined } }
    }),
  }
  const s3 = new S3Client({
    endpoint: FAKE_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    requestHandler,
    // One attempt: a fallback that fails is seen once, not three times.
    maxAttempts: 1,
  })
  clients.push(s3)
  return { s3, seen }
}

const confirm = (handler: ReturnType<typeof makeHandler>, body: object = {}) =>
  handler(jsonRequest({ operation: 'confirmUpload', key, size: 0, etag: ETAG, ...body }))

afterEach(() => vi.restoreAllMocks())

describe('confirmUpload HeadObject on a plain client', () => {
  it('is one query-signed HEAD through the client\'s own request handler, and confirms the object', async () => {
    const { s3, seen } = storeAnswering(() => ({ status: 200, headers: FOUND }))
    const events: UploadCompleteEvent[] = []
    const response = await confirm(makeHandler({ s3, onUploadComplete: (event) => void events.push(event) }))
    expect(response.status).toBe(200)
    expect(seen).toHaveLength(1)
    const [head] = seen
    expect(head).toMatchObject({ method: 'HEAD', path: `/${BUCKET}/${key}`, direct: true })
    expect(head!.query).toMatchObject({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-SignedHeaders': 'host' })
    expect(head!.headers).toEqual({ host: new URL(FAKE_ENDPOINT).host })
    expect(events[0]).toMatchObject({ key, size: 0, type: 'text/plain', etag: ETAG })
  })

  it('answers 404 UPLOAD_NOT_FOUND when the store has no such key, without asking the SDK again', async () => {
    const { s3, seen } = storeAnswering(() => ({ status: 404 }))
    const response = await confirm(makeHandler({ s3 }))
    expect([response.status, (await errorOf(response)).code]).toEqual([404, 'UPLOAD_NOT_FOUND'])
    expect(seen.map((request) => request.direct)).toEqual([true])
  })

  it('deletes a mismatching object through s3.send (DeleteObject is never direct)', async () => {
    const { s3, seen } = storeAnswering((request) => (request.method === 'DELETE' ? { status: 204 } : { status: 200, headers: FOUND }))
    const response = await confirm(makeHandler({ s3 }), { size: 1 })
    expect((await errorOf(response)).code).toBe('UPLOAD_MISMATCH')
    expect(seen.map(({ method, direct }) => [method, direct])).toEqual([['HEAD', true], ['DELETE', false]])
  })

  it('signs the checksum mode header into the HEAD when a SHA-256 is to be compared', async () => {
    const sha256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
    const { s3, seen } = storeAnswering(() => ({ status: 200, headers: { ...FOUND, 'x-amz-checksum-sha256': sha256 } }))
    const response = await confirm(makeHandler({ s3, checksumAlgorithm: 'sha256' }), { etag: undefined, sha256 })
    expect(response.status).toBe(200)
    expect(seen[0]!.headers['x-amz-checksum-mode']).toBe('ENABLED')
    expect(seen[0]!.query['X-Amz-SignedHeaders']).toBe('host;x-amz-checksum-mode')
  })

  it.each([
    ['403 (a bucket policy that refuses query signatures, a skewed clock)', 403],
    ['301 (another region)', 301],
    ['503', 503],
  ])('asks s3.send again after a direct %s, and answers with what the SDK found', async (_name, status) => {
    const { s3, seen } = storeAnswering((_request, direct) => (direct ? { status } : { status: 200, headers: FOUND }))
    expect((await confirm(makeHandler({ s3 }))).status).toBe(200)
    expect(seen.map(({ method, direct }) => [method, direct])).toEqual([['HEAD', true], ['HEAD', false]])
    expect(seen[1]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /)
  })

  it('keeps that client to s3.send after a 403: the store will refuse the next direct HEAD too', async () => {
    const { s3, seen } = storeAnswering((_request, direct) => (direct ? { status: 403 } : { status: 200, headers: FOUND }))
    const handler = makeHandler({ s3 })
    for (let i = 0; i < 2; i++) expect((await confirm(handler)).status).toBe(200)
    expect(seen.map((request) => request.direct)).toEqual([true, false, false])
  })

  it('signs with the clock skew the SDK has learnt from the store', async () => {
    const { s3, seen } = storeAnswering(() => ({ status: 200, headers: FOUND }))
    s3.config.systemClockOffset = 3_600_000
    expect((await confirm(makeHandler({ s3 }))).status).toBe(200)
    const signedAt = seen[0]!.query['X-Amz-Date']!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')
    expect(Date.parse(signedAt) - Date.now()).toBeGreaterThan(3_500_000)
  })

  it('asks s3.send again when the direct request fails on the network', async () => {
    let calls = 0
    const { s3, seen } = storeAnswering(() => {
      if (calls++ === 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      return { status: 200, headers: FOUND }
    })
    expect((await confirm(makeHandler({ s3 }))).status).toBe(200)
    expect(seen.map((request) => request.direct)).toEqual([true, false])
  })
})

describe('confirmUpload HeadObject through s3.send', () => {
  it.each([
    ['a client whose send is mocked (vi.spyOn, aws-sdk-client-mock on the instance)', (s3: S3Client) => void vi.spyOn(s3, 'send')],
    ['S3Client whose send is mocked for every instance (aws-sdk-client-mock on the class)', () => void vi.spyOn(S3Client.prototype, 'send')],
    ['a client with middleware of its own', (s3: S3Client) =>
      s3.middlewareStack.add((next) => (args) => next(args), { name: 'hostTracing', step: 'build' })],
    ['a client with a logger (it would miss the call)', (s3: S3Client) => void (s3.config.logger = { ...console })],
  ])('for %s', async (_name, touch) => {
    const { s3, seen } = storeAnswering(() => ({ status: 200, headers: FOUND }))
    touch(s3)
    expect(isPlainClient(s3)).toBe(false)
    expect((await confirm(makeHandler({ s3 }))).status).toBe(200)
    expect(seen.map(({ method, direct }) => [method, direct])).toEqual([['HEAD', false]])
  })

  it('for a subclass of S3Client (it may override send)', async () => {
    class HostClient extends S3Client {}
    const s3 = new HostClient({ endpoint: FAKE_ENDPOINT, region: 'us-east-1', forcePathStyle: true })
    clients.push(s3)
    expect(isPlainClient(s3)).toBe(false)
  })

  it('for a bucket the fast presigner leaves to the SDK (access point ARNs, directory buckets)', async () => {
    const { s3, seen } = storeAnswering(() => ({ status: 200, headers: FOUND }))
    const presigner = { presign: async () => undefined } as unknown as FastPresigner
    expect(await directHead(s3, presigner, key, false)).toBe('unanswered')
    expect(seen).toEqual([])
  })

  it('a plain client is one nobody touched', () => {
    const { s3 } = storeAnswering(() => ({ status: 200 }))
    expect(isPlainClient(s3)).toBe(true)
    // An unrelated spy elsewhere leaves it plain.
    vi.spyOn(DeleteObjectCommand.prototype, 'resolveMiddleware')
    expect(isPlainClient(s3)).toBe(true)
  })
})
