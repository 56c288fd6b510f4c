import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type {
  CreateMultipartUploadReply,
  MultipartCallReply,
  PutObjectReply,
  SignPartsReply,
} from '../../src/protocol/messages.js'
import {
  BUCKET,
  UUID,
  boundKey,
  destroyClients,
  jsonRequest,
  keyFromUrl,
  makeHandler,
  query,
  signedHeaders,
  smallFile,
} from './helpers.js'

afterAll(destroyClients)
afterEach(() => {
  vi.useRealTimers()
})

// 100 parts of 5 MiB: a layout bound into the key, as createMultipartUpload makes it.
const multipartRef = { key: boundKey('uploads/', 'video.mp4', { size: 500 * 1024 * 1024, partSize: 5 * 1024 * 1024 }), uploadId: 'upload-id-1' }

describe('putObject', () => {
  it('signs a PUT with content-type and content-length, and says which headers to send', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 'putObject', file: smallFile }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const reply = (await response.json()) as PutObjectReply
    expect(reply.method).toBe('PUT')
    expect(reply.headers).toEqual({ 'content-type': 'image/png' })
    expect(reply.key).toMatch(new RegExp(`^uploads/${UUID.source}/photo\\.png$`))
    expect(keyFromUrl(reply.url)).toBe(reply.key)
    const params = query(reply.url)
    expect(params.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
    expect(params.get('X-Amz-Expires')).toBe('300')
    expect(signedHeaders(reply.url)).toEqual(expect.arrayContaining(['content-type', 'content-length', 'host']))
    // No empty-body checksum may ride along in the URL.
    expect([...params.keys()].filter((name) => name.toLowerCase().includes('checksum'))).toEqual([])
  })

  it('uses application/octet-stream for an empty type and accepts a zero-byte file', async () => {
    const file = { name: 'empty', size: 0, type: '' }
    const reply = (await (await makeHandler()(jsonRequest({ operation: 'putObject', file }))).json()) as PutObjectReply
    expect(reply.headers).toEqual({ 'content-type': 'application/octet-stream' })
    expect(signedHeaders(reply.url)).toContain('content-length')
  })

  it('gives every upload its own key', async () => {
    const handler = makeHandler()
    const keys = await Promise.all(
      [1, 2, 3].map(async () => ((await (await handler(jsonRequest({ operation: 'putObject', file: smallFile }))).json()) as PutObjectReply).key),
    )
    expect(new Set(keys).size).toBe(3)
  })

  it('sets expiresAt to the signing time plus expiresIn', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-02T03:04:05.678Z'))
    const handler = makeHandler({ expiresIn: 600 })
    const reply = (await (await handler(jsonRequest({ operation: 'putObject', file: smallFile }))).json()) as PutObjectReply
    expect(reply.expiresAt).toBe('2026-01-02T03:14:05.000Z')
    expect(query(reply.url).get('X-Amz-Date')).toBe('20260102T030405Z')
    expect(query(reply.url).get('X-Amz-Expires')).toBe('600')
  })
})

describe('createMultipartUpload', () => {
  it('signs POST ?uploads with content-type', async () => {
    const file = { name: 'video.mp4', size: 50 * 1024 ** 3, type: 'video/mp4' }
    const response = await makeHandler()(jsonRequest({ operation: 'createMultipartUpload', file, partSize: 8 * 1024 ** 2 }))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as CreateMultipartUploadReply
    expect(reply.method).toBe('POST')
    expect(reply.headers).toEqual({ 'content-type': 'video/mp4' })
    expect(reply.key).toMatch(new RegExp(`^uploads/${UUID.source}-[^/]+/video\\.mp4$`))
    expect(query(reply.url).has('uploads')).toBe(true)
    expect(query(reply.url).get('X-Amz-Signature')).toBeTruthy()
    expect(signedHeaders(reply.url)).toContain('content-type')
  })
})

describe('signParts', () => {
  it('signs one PUT per part number, in the order asked', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 'signParts', ...multipartRef, partNumbers: [3, 1, 2] }))
    expect(response.status).toBe(200)
    const { parts } = (await response.json()) as SignPartsReply
    expect(parts.map((part) => part.partNumber)).toEqual([3, 1, 2])
    for (const part of parts) {
      expect(part.method).toBe('PUT')
      expect(part.headers).toEqual({})
      expect(Date.parse(part.expiresAt)).toBeGreaterThan(Date.now())
      const params = query(part.url)
      expect(params.get('partNumber')).toBe(String(part.partNumber))
      expect(params.get('uploadId')).toBe('upload-id-1')
      expect(params.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
      expect(keyFromUrl(part.url)).toBe(multipartRef.key)
      expect([...params.keys()].some((name) => name.toLowerCase().includes('checksum'))).toBe(false)
    }
  })

  it('signs 100 parts quickly with the shared client', async () => {
    const handler = makeHandler()
    const partNumbers = Array.from({ length: 100 }, (_, index) => index + 1)
    const started = performance.now()
    const response = await handler(jsonRequest({ operation: 'signParts', ...multipartRef, partNumbers }))
    expect(response.status).toBe(200)
    expect(((await response.json()) as SignPartsReply).parts).toHaveLength(100)
    // Generous bound: ~0.3-1 ms per URL here; this only catches per-request client creation or network calls.
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe.each([
  ['listParts', 'GET'],
  ['completeMultipartUpload', 'POST'],
  ['abortMultipartUpload', 'DELETE'],
] as const)('%s', (operation, method) => {
  it(`signs a ${method} for the upload`, async () => {
    const response = await makeHandler()(jsonRequest({ operation, ...multipartRef }))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as MultipartCallReply
    expect(reply).toEqual({ method, url: expect.any(String), headers: {}, expiresAt: expect.any(String) })
    expect(query(reply.url).get('uploadId')).toBe('upload-id-1')
    expect(query(reply.url).get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
    expect(new URL(reply.url).pathname).toBe(`/${BUCKET}/${multipartRef.key}`)
  })
})

describe('keyPrefix', () => {
  it('takes the prefix from authorize over the option, and appends a missing slash', async () => {
    const handler = makeHandler({ keyPrefix: 'ignored/', authorize: () => ({ allow: true, keyPrefix: 'users/42' }) })
    const reply = (await (await handler(jsonRequest({ operation: 'putObject', file: smallFile }))).json()) as PutObjectReply
    expect(reply.key).toMatch(new RegExp(`^users/42/${UUID.source}/photo\\.png$`))
  })

  it('calls a keyPrefix function with the request and intent', async () => {
    const keyPrefix = vi.fn((request: Request) => `tenants/${request.headers.get('x-tenant') ?? 'none'}/`)
    const handler = makeHandler({ keyPrefix })
    const request = jsonRequest({ operation: 'putObject', file: smallFile }, { headers: { 'content-type': 'application/json', 'x-tenant': 'acme' } })
    const reply = (await (await handler(request)).json()) as PutObjectReply
    expect(reply.key.startsWith('tenants/acme/')).toBe(true)
    expect(keyPrefix).toHaveBeenCalledWith(request, { operation: 'putObject', file: smallFile })
  })
})

describe('cannedAcl (issue 12: an unsigned x-amz-acl is honoured by RGW and s3rver)', () => {
  it('signs x-amz-acl into putObject and createMultipartUpload URLs, and tells the browser to send it', async () => {
    const handler = makeHandler({ cannedAcl: 'bucket-owner-full-control' })
    const put = (await (await handler(jsonRequest({ operation: 'putObject', file: smallFile }))).json()) as PutObjectReply
    const file = { name: 'video.mp4', size: 12 * 1024 ** 2, type: 'video/mp4' }
    const create = (await (await handler(jsonRequest({ operation: 'createMultipartUpload', file, partSize: 5 * 1024 ** 2 }))).json()) as CreateMultipartUploadReply
    for (const reply of [put, create]) {
      expect(reply.headers['x-amz-acl']).toBe('bucket-owner-full-control')
      expect(signedHeaders(reply.url)).toContain('x-amz-acl')
      expect(query(reply.url).has('x-amz-acl')).toBe(false)
    }
  })

  it('signs none by default, and accepts only the two private canned ACLs', async () => {
    const put = (await (await makeHandler()(jsonRequest({ operation: 'putObject', file: smallFile }))).json()) as PutObjectReply
    expect(put.headers).toEqual({ 'content-type': 'image/png' })
    expect(() => makeHandler({ cannedAcl: 'public-read' as never })).toThrow(/cannedAcl/)
    expect(() => makeHandler({ cannedAcl: 'private' })).not.toThrow()
  })
})
