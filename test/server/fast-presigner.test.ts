import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { FastPresigner as Presigner } from '../../src/server/fast-presigner.js'
import { presignSpec, presignViaSdk } from '../../src/server/s3-requests.js'
import { signingHashes } from '../../src/server/sigv4-hashing.js'

// The fast path must give exactly the URL the SDK's getSignedUrl gives, for
// the same instant: then it is as correct as the SDK, on every store.
const signingDate = new Date('2026-11-23T10:00:00Z')
const timing = { expiresIn: 300, signingDate }
const clients: S3Client[] = []
afterAll(() => clients.forEach((client) => client.destroy()))

type ClientConfig = ConstructorParameters<typeof S3Client>[0]

function client(config: ClientConfig): S3Client {
  const s3 = new S3Client({
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', ...config?.credentials },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...config,
  })
  clients.push(s3)
  return s3
}

const setups: Array<[string, ClientConfig, string]> = [
  ['a local path-style store', { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true }, 'bucket'],
  ['AWS, virtual-hosted', { region: 'eu-west-1' }, 'my-uploads'],
  ['AWS with a dotted bucket', { region: 'eu-central-1' }, 'uploads.example.com'],
  ['R2-like endpoint, region auto', { endpoint: 'https://acc.r2.cloudflarestorage.com', region: 'auto' }, 'files'],
  ['temporary credentials', {
    region: 'us-west-2',
    credentials: { accessKeyId: 'ASIATEST', secretAccessKey: 's', sessionToken: 'token/with+chars=' },
  }, 'bucket-b'],
]

const keys = [
  'uploads/0b7e7a4c-1111-4222-8333-444455556666/photo.png',
  "uploads/x/résumé 東京 a+b!'()*~&=%.txt",
  'uploads/x/emoji 👍🏽 and spaces  .bin',
]

const uploadId = '2~AbC/+=_.-xyz'

// Every case runs on both hashing paths: node:crypto (Node has it) and Web
// Crypto, loaded again with `process.getBuiltinModule` hidden as on workerd or
// Vercel's edge runtime.
async function loadWithoutBuiltins(): Promise<[typeof Presigner, string]> {
  vi.resetModules()
  const getBuiltinModule = process.getBuiltinModule
  Reflect.deleteProperty(process, 'getBuiltinModule')
  try {
    const [{ FastPresigner }, { signingHashes: hashes }] = await Promise.all([
      import('../../src/server/fast-presigner.js'),
      import('../../src/server/sigv4-hashing.js'),
    ])
    return [FastPresigner, hashes.name]
  } finally {
    process.getBuiltinModule = getBuiltinModule
  }
}
const { FastPresigner: NodePresigner } = await import('../../src/server/fast-presigner.js')
const paths: Array<[string, typeof Presigner]> = [
  [signingHashes.name, NodePresigner],
  await loadWithoutBuiltins().then(([presigner, name]) => [name, presigner] as [string, typeof Presigner]),
]

it('runs on node:crypto and on Web Crypto', () => {
  expect(paths.map(([name]) => name)).toEqual(['node:crypto', 'Web Crypto'])
})

describe.each(paths)('with %s', (_hashes, FastPresigner) => {

  describe.each(setups)('FastPresigner on %s', (_name, config, bucket) => {
    const s3 = client(config)
    const fast = new FastPresigner(s3, bucket)
    const options = (signContentType: boolean) => ({
      ...timing,
      ...(signContentType ? { signableHeaders: new Set(['content-type']) } : {}),
    })

    it.each(keys)('signs PutObject like getSignedUrl: %s', async (key) => {
      const expected = await getSignedUrl(
        s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'image/png', ContentLength: 1234 }), options(true),
      )
      const headers = { 'content-type': 'image/png', 'content-length': '1234' }
      expect(await fast.presign({ method: 'PUT', key, query: { 'x-id': 'PutObject' }, headers }, timing)).toBe(expected)
    })

    it.each(keys)('signs the multipart requests like getSignedUrl: %s', async (key) => {
      const ref = { Bucket: bucket, Key: key, UploadId: uploadId }
      const create = await getSignedUrl(
        s3, new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'video/mp4' }), options(true),
      )
      expect(await fast.presign({ method: 'POST', key, query: { uploads: '' }, headers: { 'content-type': 'video/mp4' } }, timing))
        .toBe(create)
      const part = await getSignedUrl(s3, new UploadPartCommand({ ...ref, PartNumber: 7, ContentLength: 5242880 }), options(false))
      const partQuery = { 'x-id': 'UploadPart', partNumber: '7', uploadId }
      expect(await fast.presign({ method: 'PUT', key, query: partQuery, headers: { 'content-length': '5242880' } }, timing))
        .toBe(part)
      const unbound = await getSignedUrl(s3, new UploadPartCommand({ ...ref, PartNumber: 7 }), options(false))
      expect(await fast.presign({ method: 'PUT', key, query: partQuery, headers: {} }, timing)).toBe(unbound)
      const calls = [
        ['GET', { 'x-id': 'ListParts', uploadId }, new ListPartsCommand(ref)],
        ['POST', { uploadId }, new CompleteMultipartUploadCommand(ref)],
        ['DELETE', { 'x-id': 'AbortMultipartUpload', uploadId }, new AbortMultipartUploadCommand(ref)],
      ] as const
      for (const [method, query, command] of calls) {
        const expected = await getSignedUrl(s3, command, options(false))
        expect(await fast.presign({ method, key, query, headers: {} }, timing)).toBe(expected)
      }
    })

    // As createS3Client sets it up: a client left at responseChecksumValidation 'WHEN_SUPPORTED'
    // adds x-amz-checksum-mode=ENABLED to GET URLs, which the handler drops (sdk-presign.ts).
    const reader = client({ ...config, responseChecksumValidation: 'WHEN_REQUIRED' })

    it.each(keys)('signs GetObject like getSignedUrl, with and without a disposition: %s', async (key) => {
      const plain = await getSignedUrl(reader, new GetObjectCommand({ Bucket: bucket, Key: key }), timing)
      expect(await fast.presign({ method: 'GET', key, query: { 'x-id': 'GetObject' }, headers: {} }, timing)).toBe(plain)
      for (const disposition of ['attachment; filename="a b.pdf"', "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"]) {
        const command = new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition })
        const expected = await getSignedUrl(reader, command, timing)
        const query = { 'x-id': 'GetObject', 'response-content-disposition': disposition }
        expect(await fast.presign({ method: 'GET', key, query, headers: {} }, timing)).toBe(expected)
      }
    })
  })

  describe('FastPresigner signing keys', () => {
    it('derives a new key for each day, region and secret', async () => {
      const cases = [
        [client({ region: 'us-east-1', credentials: { accessKeyId: 'K1', secretAccessKey: 'one' } }), '2026-11-23T23:59:59Z'],
        [client({ region: 'us-east-1', credentials: { accessKeyId: 'K1', secretAccessKey: 'one' } }), '2026-11-24T00:00:01Z'],
        [client({ region: 'us-east-1', credentials: { accessKeyId: 'K2', secretAccessKey: 'two' } }), '2026-11-24T00:00:01Z'],
        [client({ region: 'ap-south-1', credentials: { accessKeyId: 'K2', secretAccessKey: 'two' } }), '2026-11-24T00:00:01Z'],
      ] as const
      for (const [s3, date] of cases) {
        const at = { expiresIn: 60, signingDate: new Date(date) }
        const expected = await getSignedUrl(s3, new ListPartsCommand({ Bucket: 'bucket-c', Key: 'k', UploadId: 'u' }), at)
        const spec = { method: 'GET', key: 'k', query: { 'x-id': 'ListParts', uploadId: 'u' }, headers: {} } as const
        expect(await new FastPresigner(s3, 'bucket-c').presign(spec, at)).toBe(expected)
      }
    })
  })

  describe('FastPresigner fallbacks', () => {
    it('leaves access point ARNs and directory buckets to getSignedUrl', async () => {
      const s3 = client({ region: 'us-east-1' })
      const spec = { method: 'PUT', key: 'a', query: { 'x-id': 'PutObject' }, headers: {} } as const
      const arn = 'arn:aws:s3:us-east-1:123456789012:accesspoint/uploads'
      expect(await new FastPresigner(s3, arn).presign(spec, timing)).toBeUndefined()
      expect(await new FastPresigner(s3, 'uploads--use1-az4--x-s3').presign(spec, timing)).toBeUndefined()
    })

    // Issue 12, finding 6: the SDK signed `host;x-tenant`, the fast path `host`.
    it('leaves to getSignedUrl a client whose own middleware signs another header', async () => {
      const s3 = client({ region: 'us-east-1' })
      s3.middlewareStack.add(
        (next) => async (args) => {
          const { request } = args as { request: { headers: Record<string, string> } }
          request.headers['x-tenant'] = 'acme'
          return next(args)
        },
        { step: 'build', name: 'hostTenantHeader' },
      )
      const params = { key: 'a.png', contentType: 'image/png', contentLength: 5 }
      const spec = presignSpec('PutObject', params)
      expect(await new FastPresigner(s3, 'bucket').presign(spec, timing)).toBeUndefined()
      const viaSdk = await presignViaSdk(s3, 'bucket', 'PutObject', params, timing)
      expect(new URL(viaSdk).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-tenant')
    })

    it('keeps a client left at the SDK checksum defaults on the fast path, with the URLs of the SDK path', async () => {
      const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } })
      clients.push(s3)
      const fast = new FastPresigner(s3, 'my-uploads')
      const requests = [
        ['PutObject', { key: 'a.png', contentType: 'image/png', contentLength: 5 }],
        ['UploadPart', { key: 'v.mp4', uploadId, partNumber: 2, contentLength: 5242880 }],
        ['GetObject', { key: 'a.png' }],
      ] as const
      for (const [name, params] of requests) {
        const url = await fast.presign(presignSpec(name, params), timing)
        expect(url).toBeDefined()
        expect(url).toBe(await presignViaSdk(s3, 'my-uploads', name, params, timing))
      }
    })

    it('retries the endpoint probe after a failure instead of caching it', async () => {
      let fail = true
      const s3 = client({
        region: 'us-east-1',
        credentials: async () => {
          if (fail) throw new Error('credentials not ready')
          return { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }
        },
      })
      const fast = new FastPresigner(s3, 'bucket')
      const spec = { method: 'GET', key: 'a', query: { 'x-id': 'ListParts', uploadId: 'u' }, headers: {} } as const
      await expect(fast.presign(spec, timing)).rejects.toThrow('credentials not ready')
      fail = false
      expect(await fast.presign(spec, timing)).toMatch(/X-Amz-Signature=[0-9a-f]{64}/)
    })
  })
})
