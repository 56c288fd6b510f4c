import { createHash, randomBytes } from 'node:crypto'
import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { abortMultipart, uploadMultipart, type MultipartJob } from '../../../src/core/transfer/multipart-upload.js'
import type { ResumeRecord, ResumeStore } from '../../../src/core/transfer/resume-store.js'
import { uploadSimple } from '../../../src/core/transfer/simple-upload.js'
import { mockS3, useMockS3Server } from './mock-s3.js'
import { multipartJob, PART } from './multipart-job.js'

useMockS3Server()

const s3Error = (status: number, code: string) => new Response(`<Error><Code>${code}</Code></Error>`, { status })

const never = () => new AbortController().signal

function memoryStore(): ResumeStore & { records: Map<string, ResumeRecord> } {
  const records = new Map<string, ResumeRecord>()
  return { records, get: (fp) => records.get(fp), set: (fp, record) => void records.set(fp, record), delete: (fp) => void records.delete(fp) }
}

function job(data: Buffer, extra: Partial<MultipartJob> = {}): MultipartJob & { progress: number[] } {
  const progress: number[] = []
  return { ...multipartJob(data, 4, { onProgress: (bytes) => progress.push(bytes), ...extra }), progress }
}

describe('uploadMultipart', () => {
  // Without checksums every part can be signed before any is hashed; with them see the next test.
  it('sends parts in parallel, signs them in one batch, and stores the exact bytes', async () => {
    const s3 = mockS3()
    const data = randomBytes(10 * PART + 123)
    const upload = job(data)
    const result = await uploadMultipart(s3.context({ checksum: false }), upload, never())
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(s3.maxInFlight).toBe(4)
    expect(s3.storage.signingRequests.map((request) => request.operation)).toEqual(['createMultipartUpload', 'signParts', 'completeMultipartUpload'])
    expect(upload.progress.at(-1)).toBe(data.length)
    expect(s3.storage.multipartUploads.size).toBe(0)
  })

  it('with checksums, signs each part once with its own MD5, once it is hashed, and predicts the ETag', async () => {
    const s3 = mockS3()
    const data = randomBytes(5 * PART + 123)
    const upload = job(data)
    const result = await uploadMultipart(s3.context(), upload, never())
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(s3.maxInFlight).toBe(4)
    const signed = s3.storage.signingRequests.flatMap((request) =>
      request.operation === 'signParts' ? request.partNumbers.map((n, i) => [n, request.md5?.[i]]) : [])
    const md5Of = (n: number) => createHash('md5').update(data.subarray((n - 1) * PART, n * PART)).digest('base64')
    expect(signed.sort(([a], [b]) => Number(a) - Number(b))).toEqual(Array.from({ length: 6 }, (_, i) => [i + 1, md5Of(i + 1)]))
    expect(result.etag).toBe(s3.storage.objects.get(result.key)!.etag)
  }, 20_000)

  it('retries a part cut mid-body, a 503 SlowDown and a corrupted body (BadDigest), and completes', async () => {
    const s3 = mockS3()
    const faults = new Map<number, 'network' | 503 | 'corrupt'>([[2, 'network'], [3, 503], [5, 'corrupt']])
    s3.setInject((_request, url) => {
      const part = Number(url.searchParams.get('partNumber'))
      const fault = faults.get(part)
      faults.delete(part)
      if (fault === 'network') return HttpResponse.error()
      if (fault === 503) return s3Error(503, 'SlowDown')
      // The body arrived other than sent: S3 checks it against Content-MD5.
      if (fault === 'corrupt') return s3Error(400, 'BadDigest')
      return undefined
    })
    const data = randomBytes(6 * PART)
    const result = await uploadMultipart(s3.context(), job(data), never())
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(s3.sent.filter((request) => request.method === 'PUT')).toHaveLength(6 + 3)
  })

  it('resumes from the store after a reload: parts already there are not sent again', async () => {
    const s3 = mockS3()
    const data = randomBytes(4 * PART)
    const store = memoryStore()
    // First session: two parts land, then the page goes away.
    const first = job(data, { resume: { store, fingerprint: 'fp' } })
    const stop = new AbortController()
    let puts = 0
    s3.setInject(() => {
      if (++puts > 3) stop.abort('reload') // parts 1-2 land (create is request 1)
      return undefined
    })
    await expect(uploadMultipart(s3.context(), { ...first, parallel: 1 }, stop.signal)).rejects.toBe('reload')
    expect(store.records.get('fp')).toMatchObject({ partSize: PART, size: data.length })
    s3.setInject(() => undefined)
    const before = s3.sent.length
    // Second session: a new controller, the same file picked again.
    const result = await uploadMultipart(s3.context(), job(data, { resume: { store, fingerprint: 'fp' } }), never())
    const again = s3.sent.slice(before)
    expect(again.map((request) => request.method)).toEqual(['GET', 'PUT', 'PUT', 'POST'])
    expect(again.filter((r) => r.method === 'PUT').map((r) => new URL(r.url).searchParams.get('partNumber'))).toEqual(['3', '4'])
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(store.records.size).toBe(0)
  })

  it('re-sends a listed part whose bytes differ from the local file', async () => {
    const s3 = mockS3()
    const data = randomBytes(2 * PART)
    const store = memoryStore()
    const stop = new AbortController()
    let puts = 0
    s3.setInject(() => {
      if (++puts > 2) stop.abort('reload')
      return undefined
    })
    await expect(uploadMultipart(s3.context(), { ...job(data, { resume: { store, fingerprint: 'fp' } }), parallel: 1 }, stop.signal)).rejects.toBe('reload')
    s3.setInject(() => undefined)
    const changed = Buffer.from(data)
    changed[0] = changed[0]! ^ 0xff
    const result = await uploadMultipart(s3.context(), job(changed, { resume: { store, fingerprint: 'fp' } }), never())
    expect(s3.bytesOf(result.key).equals(changed)).toBe(true)
  })

  it('aborts an upload in the store', async () => {
    const s3 = mockS3()
    const context = s3.context()
    let ref: { key: string; uploadId: string } | undefined
    const stop = new AbortController()
    const upload = job(randomBytes(3 * PART), { onCreated: (created) => { ref = created; stop.abort('cancel') } })
    await expect(uploadMultipart(context, upload, stop.signal)).rejects.toBe('cancel')
    expect(s3.storage.multipartUploads.size).toBe(1)
    await abortMultipart(context, ref!, never())
    expect(s3.storage.multipartUploads.size).toBe(0)
  })
})

describe('uploadSimple', () => {
  it('sends Content-MD5 and retries a dropped PUT with the same URL, so one key holds the object', async () => {
    const s3 = mockS3()
    let first = true
    s3.setInject(() => (first ? ((first = false), HttpResponse.error()) : undefined))
    const data = randomBytes(1000)
    const result = await uploadSimple(s3.context(), job(data), never())
    expect([...s3.storage.objects.keys()]).toEqual([result.key])
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(s3.storage.signingRequests).toHaveLength(1)
  })
})
