import { afterAll, describe, expect, it, vi } from 'vitest'
import type { BatchReply, PutObjectReply, SignPartsReply } from '../../src/protocol/messages.js'
import { boundKey, destroyClients, errorOf, jsonRequest, makeHandler, multipartKeyFrom, smallFile } from './helpers.js'

afterAll(destroyClients)

const ref = { key: boundKey('uploads/', 'video.mp4'), uploadId: 'upload-id-1' }

describe('batch', () => {
  it('answers each request in order, and a refused item does not fail the others', async () => {
    const handler = makeHandler({ maxFileSize: 10_000 })
    const key = await multipartKeyFrom(handler, { ...smallFile, size: 9_000 })
    const response = await handler(
      jsonRequest({
        operation: 'batch',
        requests: [
          { operation: 'putObject', file: smallFile },
          { operation: 'putObject', file: { ...smallFile, size: 20_000 } },
          { operation: 'signParts', key, uploadId: 'upload-id-1', partNumbers: [1] },
          { operation: 'batch', requests: [] },
        ],
      }),
    )
    expect(response.status).toBe(200)
    const { replies } = (await response.json()) as BatchReply
    expect(replies).toHaveLength(4)
    expect((replies[0] as PutObjectReply).key).toMatch(/^uploads\/.*\/photo\.png$/)
    expect(replies[1]).toMatchObject({ status: 413, error: { code: 'FILE_TOO_LARGE' } })
    expect((replies[2] as SignPartsReply).parts.map((part) => part.partNumber)).toEqual([1])
    expect(replies[3]).toMatchObject({ status: 400, error: { code: 'UNKNOWN_OPERATION' } })
  })

  it('authorizes every item on its own', async () => {
    const authorize = vi.fn((_request: Request, intent: { operation: string }) => intent.operation !== 'abortMultipartUpload')
    const handler = makeHandler({ authorize })
    const response = await handler(
      jsonRequest({ operation: 'batch', requests: [{ operation: 'listParts', ...ref }, { operation: 'abortMultipartUpload', ...ref }] }),
    )
    const { replies } = (await response.json()) as BatchReply
    expect(authorize).toHaveBeenCalledTimes(2)
    expect(replies[0]).toMatchObject({ method: 'GET' })
    expect(replies[1]).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })

  it('refuses an empty batch and one over maxBatchSize', async () => {
    const handler = makeHandler({ maxBatchSize: 2 })
    const empty = await handler(jsonRequest({ operation: 'batch', requests: [] }))
    expect(empty.status).toBe(400)
    await expect(errorOf(empty)).resolves.toMatchObject({ code: 'INVALID_REQUEST' })
    const item = { operation: 'putObject', file: smallFile }
    const tooMany = await handler(jsonRequest({ operation: 'batch', requests: [item, item, item] }))
    await expect(errorOf(tooMany)).resolves.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('1 to 2') })
  })
})

describe('multipart limits', () => {
  it('refuses part numbers above maxPartCount', async () => {
    const handler = makeHandler({ maxPartCount: 3 })
    const response = await handler(jsonRequest({ operation: 'signParts', ...ref, partNumbers: [3, 4] }))
    expect(response.status).toBe(400)
    await expect(errorOf(response)).resolves.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('partNumbers[1]') })
  })

  it('refuses to start a file larger than maxPartCount parts of maxPartSize', async () => {
    const MiB = 1024 * 1024
    const handler = makeHandler({ maxPartCount: 2, maxPartSize: 5 * MiB })
    const partSize = 5 * MiB
    const fits = await handler(jsonRequest({ operation: 'createMultipartUpload', file: { ...smallFile, size: 10 * MiB }, partSize }))
    expect(fits.status).toBe(200)
    const over = await handler(jsonRequest({ operation: 'createMultipartUpload', file: { ...smallFile, size: 10 * MiB + 1 }, partSize }))
    expect(over.status).toBe(413)
    await expect(errorOf(over)).resolves.toMatchObject({ code: 'FILE_TOO_LARGE' })
  })

  it('checks the new options at creation', () => {
    expect(() => makeHandler({ maxPartCount: 0 })).toThrow(/maxPartCount/)
    expect(() => makeHandler({ maxPartSize: 1024 })).toThrow(/maxPartSize/)
  })
})

describe('a batch shares the per-request limits instead of multiplying them (issue 12, finding 4)', () => {
  const keys = (from: number, count: number) => Array.from({ length: count }, (_, i) => `uploads/k${from + i}.png`)

  it('refuses a batch whose getObjects items ask for more than maxKeysPerRequest keys in all, before any authorize call', async () => {
    const authorize = vi.fn(() => true)
    const handler = makeHandler({ authorize, maxRequestBytes: 1024 * 1024 })
    // 100 items of 130 keys: 13,000 GET URLs and 13,000 authorize calls in one request, before the fix.
    const requests = Array.from({ length: 100 }, (_, i) => ({ operation: 'getObjects', keys: keys(i * 130, 130) }))
    const response = await handler(jsonRequest({ operation: 'batch', requests }))
    expect(response.status).toBe(400)
    await expect(errorOf(response)).resolves.toMatchObject({ code: 'TOO_MANY_KEYS', message: expect.stringContaining('13000') })
    expect(authorize).not.toHaveBeenCalled()
  })

  it('signs a batch whose keys fit the limit together, and authorizes at most maxKeysPerRequest + maxBatchSize times', async () => {
    const authorize = vi.fn(() => true)
    const handler = makeHandler({ authorize, maxKeysPerRequest: 10, maxBatchSize: 5 })
    const requests = [
      { operation: 'getObjects', keys: keys(0, 6) },
      { operation: 'getObjects', keys: keys(6, 4) },
      { operation: 'putObject', file: smallFile },
      { operation: 'putObject', file: smallFile },
      { operation: 'putObject', file: smallFile },
    ]
    const response = await handler(jsonRequest({ operation: 'batch', requests }))
    expect(response.status).toBe(200)
    expect(authorize.mock.calls.length).toBeLessThanOrEqual(10 + 5)
    const over = await handler(jsonRequest({ operation: 'batch', requests: [...requests.slice(0, 2), { operation: 'getObjects', keys: keys(10, 1) }] }))
    await expect(errorOf(over)).resolves.toMatchObject({ code: 'TOO_MANY_KEYS' })
  })

  it('refuses a batch whose signParts items ask for more than maxPartNumbersPerRequest part numbers in all', async () => {
    const authorize = vi.fn(() => true)
    const handler = makeHandler({ authorize, maxRequestBytes: 1024 * 1024 })
    const key = boundKey('uploads/', 'video.mp4', { size: 50_000 * 1024 * 1024, partSize: 5 * 1024 * 1024 })
    const requests = Array.from({ length: 100 }, (_, i) => ({
      operation: 'signParts', key, uploadId: 'u', partNumbers: Array.from({ length: 100 }, (_, n) => i * 100 + n + 1),
    }))
    const response = await handler(jsonRequest({ operation: 'batch', requests }))
    expect(response.status).toBe(400)
    await expect(errorOf(response)).resolves.toMatchObject({ code: 'TOO_MANY_PARTS', message: expect.stringContaining('10000') })
    expect(authorize).not.toHaveBeenCalled()
    const fits = requests.slice(0, 1)
    expect((await handler(jsonRequest({ operation: 'batch', requests: fits }))).status).toBe(200)
  })
})
