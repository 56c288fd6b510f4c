// The transfer with checksumAlgorithm 'sha256' (AWS S3's additional checksums), against the mock
// bucket, which verifies x-amz-checksum-sha256 and the composite checksum as S3 does.
import { createHash, randomBytes } from 'node:crypto'
import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import { CHECKSUM_HASHERS } from '../../../src/core/hashing/checksum-hashers.js'
import { confirmTransfer } from '../../../src/core/transfer/confirm-upload.js'
import { uploadMultipart, type MultipartJob } from '../../../src/core/transfer/multipart-upload.js'
import type { ResumeRecord, ResumeStore } from '../../../src/core/transfer/resume-store.js'
import { uploadSimple } from '../../../src/core/transfer/simple-upload.js'
import { SigningCache } from '../../../src/core/transfer/upload-url-cache.js'
import { ENDPOINT, mockS3, useMockS3Server } from './mock-s3.js'
import { multipartJob, PART } from './multipart-job.js'

useMockS3Server()

const never = () => new AbortController().signal
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64')

function sha256Context(s3: ReturnType<typeof mockS3>) {
  return s3.context({
    checksumAlgorithm: 'sha256',
    cache: new SigningCache(createBatchingClient({ endpoint: ENDPOINT }), 32, undefined, 'sha256'),
    hasher: CHECKSUM_HASHERS.sha256(),
  })
}

const job = (data: Buffer, extra: Partial<MultipartJob> = {}) => multipartJob(data, 3, extra)

describe("checksumAlgorithm 'sha256'", () => {
  it('a PUT is signed with the SHA-256 of its body, no MD5, and sends it as x-amz-checksum-sha256', async () => {
    const s3 = mockS3()
    const data = randomBytes(1000)
    const file = { name: 'a.bin', size: data.length, type: 'application/octet-stream' }
    let sentHeader: string | undefined
    const base = s3.context().transport
    const context = { ...sha256Context(s3), transport: ((request) => {
      sentHeader = request.headers['x-amz-checksum-sha256']
      return base(request)
    }) satisfies typeof base }
    const landed = await uploadSimple(context, { fileId: 'a', file, data: new Blob([new Uint8Array(data)]), onProgress: () => {} }, never())
    expect(s3.storage.signingRequests).toEqual([{ operation: 'putObject', file: { ...file, sha256: sha256(data) } }])
    expect(sentHeader).toBe(sha256(data))
    expect(s3.storage.objects.get(landed.key)!.checksumSha256).toBe(sha256(data))
    // No MD5 hashed: the ETag to confirm is the store's own; the SHA-256 is confirmed too.
    expect(landed.etag).toBe(s3.storage.objects.get(landed.key)!.etag)
    await confirmTransfer(context, file, landed, never())
    expect(s3.storage.confirmRequests).toEqual([{ operation: 'confirmUpload', key: landed.key, size: 1000, etag: landed.etag, sha256: sha256(data) }])
  })

  it('multipart: created with the algorithm, each part signed with its SHA-256, completed with the composite', async () => {
    const s3 = mockS3()
    const data = randomBytes(3 * PART + 77)
    const result = await uploadMultipart(sha256Context(s3), job(data), never())
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    const requests = s3.storage.signingRequests
    expect(requests[0]).toMatchObject({ operation: 'createMultipartUpload', checksumAlgorithm: 'sha256' })
    const parts = [1, 2, 3, 4].map((n) => data.subarray((n - 1) * PART, n * PART))
    const signed = requests.flatMap((request) =>
      request.operation === 'signParts' ? request.partNumbers.map((n, i) => [n, request.sha256?.[i], request.md5]) : [])
    expect(signed.sort(([a], [b]) => Number(a) - Number(b))).toEqual(parts.map((part, i) => [i + 1, sha256(part), undefined]))
    const composite = `${createHash('sha256').update(Buffer.concat(parts.map((part) => createHash('sha256').update(part).digest()))).digest('base64')}-4`
    expect(requests.at(-1)).toMatchObject({ operation: 'completeMultipartUpload', sha256: composite })
    expect(s3.storage.objects.get(result.key)!.checksumSha256).toBe(composite)
    expect(result.sha256).toBe(composite)
  }, 20_000)

  it('a part damaged on the way is refused by its SHA-256 (BadDigest) and sent again intact', async () => {
    const s3 = mockS3()
    const data = randomBytes(2 * PART)
    const base = s3.context().transport
    let damaged = 0
    const context = { ...sha256Context(s3), transport: (async (request) => {
      if (damaged > 0 || request.method !== 'PUT' || !(request.body instanceof Blob)) return base(request)
      damaged += 1
      const bytes = new Uint8Array(await request.body.arrayBuffer())
      bytes[100] = bytes[100]! ^ 1
      return base({ ...request, body: new Blob([bytes]) })
    }) satisfies typeof base }
    const result = await uploadMultipart(context, job(data), never())
    expect(damaged).toBe(1)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(s3.sent.filter((request) => request.method === 'PUT')).toHaveLength(3)
  }, 20_000)

  it('resumes with the parts whose listed SHA-256 matches the local bytes, and names them all on Complete', async () => {
    const s3 = mockS3()
    const data = randomBytes(3 * PART)
    const records = new Map<string, ResumeRecord>()
    const store: ResumeStore = { get: (fp) => records.get(fp), set: (fp, record) => void records.set(fp, record), delete: (fp) => void records.delete(fp) }
    const stop = new AbortController()
    let requests = 0
    s3.setInject(() => {
      if (++requests > 3) stop.abort('reload') // create, then parts 1 and 2 land
      return undefined
    })
    await expect(uploadMultipart(sha256Context(s3), { ...job(data, { resume: { store, fingerprint: 'fp' } }), parallel: 1 }, stop.signal)).rejects.toBe('reload')
    s3.setInject((_request, url) => (url.searchParams.get('partNumber') === '1' ? HttpResponse.error() : undefined))
    const before = s3.sent.length
    const result = await uploadMultipart(sha256Context(s3), job(data, { resume: { store, fingerprint: 'fp' } }), never())
    const again = s3.sent.slice(before)
    expect(again.filter((r) => r.method === 'PUT').map((r) => new URL(r.url).searchParams.get('partNumber'))).toEqual(['3'])
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(s3.storage.objects.get(result.key)!.checksumSha256).toMatch(/-3$/)
  }, 20_000)
})
