import { UploadPartCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type { CreateMultipartUploadReply, SignPartsReply } from '../../src/protocol/messages.js'
import { bindingOfKey, partLength } from '../../src/server/part-layout.js'
import { BUCKET, UUID, boundKey, destroyClients, errorOf, jsonRequest, makeHandler, makeS3, signedHeaders } from './helpers.js'

afterAll(destroyClients)
afterEach(() => {
  vi.useRealTimers()
})

const MiB = 1024 * 1024
const video = { name: 'video.mp4', size: 12 * MiB + 5, type: 'video/mp4' }

async function create(handler: ReturnType<typeof makeHandler>, body: Record<string, unknown>) {
  return handler(jsonRequest({ operation: 'createMultipartUpload', file: video, ...body }))
}

async function createdKey(handler: ReturnType<typeof makeHandler>, partSize: number): Promise<string> {
  const response = await create(handler, { partSize })
  expect(response.status).toBe(200)
  return ((await response.json()) as CreateMultipartUploadReply).key
}

describe('multipart uploads that declare their part size', () => {
  it('records size, part size and creation time in the key id, under the prefix', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00.750Z'), toFake: ['Date'] })
    const key = await createdKey(makeHandler(), 5 * MiB)
    const createdAt = Date.parse('2026-11-23T10:00:00Z') / 1000
    expect(key).toMatch(new RegExp(`^uploads/${UUID.source}-s${video.size}-p${5 * MiB}-t${createdAt}/video\\.mp4$`))
    expect(bindingOfKey(key, 'uploads/')).toEqual({ size: video.size, partSize: 5 * MiB, createdAt })
  })

  it('signs each part with its exact length: full parts, then the remainder', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00Z'), toFake: ['Date'] })
    const handler = makeHandler()
    const key = await createdKey(handler, 5 * MiB)
    const response = await handler(jsonRequest({ operation: 'signParts', key, uploadId: 'u-1', partNumbers: [3, 1, 2] }))
    expect(response.status).toBe(200)
    const { parts } = (await response.json()) as SignPartsReply
    expect(parts.map((part) => part.partNumber)).toEqual([3, 1, 2])
    const s3 = makeS3()
    for (const part of parts) {
      expect(signedHeaders(part.url)).toContain('content-length')
      const length = part.partNumber === 3 ? 2 * MiB + 5 : 5 * MiB
      const input = { Bucket: BUCKET, Key: key, UploadId: 'u-1', PartNumber: part.partNumber, ContentLength: length }
      const expected = await getSignedUrl(s3, new UploadPartCommand(input), { expiresIn: 300, signingDate: new Date() })
      expect(part.url).toBe(expected)
    }
  })

  it('refuses a part past the end of the declared file', async () => {
    const handler = makeHandler()
    const key = await createdKey(handler, 5 * MiB)
    const response = await handler(jsonRequest({ operation: 'signParts', key, uploadId: 'u-1', partNumbers: [1, 4] }))
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toEqual({ code: 'PART_NUMBER_OUT_OF_RANGE', message: expect.stringContaining('3 parts') })
  })

  it.each<[unknown, string]>([
    [5 * MiB - 1, 'below 5 MiB'],
    [5 * MiB + 0.5, 'not an integer'],
    ['8388608', 'a string'],
    [6 * 1024 ** 3, 'above 5 GiB'],
  ])('refuses partSize %s (%s)', async (partSize) => {
    const response = await create(makeHandler(), { partSize })
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('partSize') })
  })

  it('refuses a part size that would need more than 10,000 parts', async () => {
    const file = { ...video, size: 10_001 * 5 * MiB }
    const response = await makeHandler()(jsonRequest({ operation: 'createMultipartUpload', file, partSize: 5 * MiB }))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).message).toMatch(/10001 parts/)
  })
})

describe('every multipart upload declares its part size (issue 12: no unbound part URLs)', () => {
  it('refuses an upload without partSize, with or without maxFileSize', async () => {
    for (const handler of [makeHandler(), makeHandler({ maxFileSize: 100 * MiB })]) {
      const response = await create(handler, {})
      expect(response.status).toBe(400)
      expect((await errorOf(response)).code).toBe('PART_SIZE_REQUIRED')
    }
  })

  it('refuses to sign parts of an upload without a recorded layout', async () => {
    const key = 'uploads/0b7e7a4c-1111-4222-8333-444455556666/video.mp4'
    for (const handler of [makeHandler(), makeHandler({ maxFileSize: 100 * MiB })]) {
      const response = await handler(jsonRequest({ operation: 'signParts', key, uploadId: 'u', partNumbers: [1] }))
      expect((await errorOf(response)).code).toBe('PART_SIZE_REQUIRED')
    }
  })

  it('treats a forged, impossible layout as no layout', async () => {
    const key = 'uploads/0b7e7a4c-1111-4222-8333-444455556666-s99999999999-p1-t1795000000/video.mp4'
    expect(bindingOfKey(key, 'uploads/')).toBeUndefined()
    const response = await makeHandler({ maxFileSize: 100 * MiB })(
      jsonRequest({ operation: 'signParts', key, uploadId: 'u', partNumbers: [1] }),
    )
    expect((await errorOf(response)).code).toBe('PART_SIZE_REQUIRED')
  })

  it('refuses a 0-byte multipart upload: its one part URL would be a 0-byte UploadPart (small files go by putObject)', async () => {
    const response = await create(makeHandler(), { file: { ...video, size: 0 }, partSize: 5 * MiB })
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('putObject') })
  })

  it('has no requirePartSize: false escape hatch any more, and says so at creation', () => {
    expect(() => makeHandler({ requirePartSize: false } as never)).toThrow(/requirePartSize was removed/)
    expect(() => makeHandler({ requirePartSize: 'yes' } as never)).toThrow(/requirePartSize was removed/)
    expect(() => makeHandler({ requirePartSize: true } as never)).not.toThrow()
  })
})

describe('layouts are held to maxFileSize, maxPartSize and maxPartCount (issue 12, finding 5)', () => {
  const GiB = 1024 * MiB
  // The attacker's key: 5 TiB in 5 GiB parts, written by hand instead of by createMultipartUpload.
  const forged = boundKey('uploads/', 'video.mp4', { size: 5497558138880, partSize: 5368709120 })
  const signPart = (key: string) => jsonRequest({ operation: 'signParts', key, uploadId: 'u', partNumbers: [1] })

  it('refuses to sign parts of a forged layout larger than maxFileSize', async () => {
    const response = await makeHandler({ maxFileSize: 100 * MiB })(signPart(forged))
    expect(response.status).toBe(413)
    expect((await errorOf(response)).code).toBe('FILE_TOO_LARGE')
  })

  it('refuses to sign parts larger than maxPartSize, or more parts than maxPartCount', async () => {
    const bigParts = await makeHandler({ maxPartSize: 64 * MiB })(signPart(forged))
    expect(await errorOf(bigParts)).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('partSize 5368709120') })
    const manyParts = boundKey('uploads/', 'video.mp4', { size: 50 * 5 * MiB, partSize: 5 * MiB })
    const tooMany = await makeHandler({ maxPartCount: 10 })(signPart(manyParts))
    expect(await errorOf(tooMany)).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('50 parts') })
  })

  it('refuses the same layouts at createMultipartUpload, so no upload starts that could never complete', async () => {
    const huge = await create(makeHandler({ maxPartSize: 64 * MiB }), { partSize: GiB })
    expect(await errorOf(huge)).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('partSize') })
    const file = { ...video, size: 50 * 5 * MiB }
    const many = await create(makeHandler({ maxPartCount: 10, maxPartSize: 64 * MiB }), { file, partSize: 5 * MiB })
    expect(await errorOf(many)).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('50 parts') })
    // The same file in parts that fit is fine.
    expect((await create(makeHandler({ maxPartCount: 10, maxPartSize: 64 * MiB }), { file, partSize: 25 * MiB })).status).toBe(200)
  })

  it('still signs an honest layout within the limits', async () => {
    const honest = boundKey('uploads/', 'video.mp4', { size: 50 * MiB, partSize: 5 * MiB })
    const response = await makeHandler({ maxFileSize: 100 * MiB, maxPartSize: 64 * MiB, maxPartCount: 10 })(signPart(honest))
    expect(response.status).toBe(200)
  })
})

describe('partLength', () => {
  it('gives an empty file one empty part', () => {
    expect(partLength({ size: 0, partSize: 5 * MiB }, 1)).toBe(0)
  })
})
