import { createHash } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { CreateMultipartUploadReply, MultipartCallReply, PutObjectReply, SignPartsReply } from '../../src/protocol/messages.js'
import { boundKey, destroyClients, errorOf, jsonRequest, makeHandler, signedHeaders, smallFile } from './helpers.js'

afterAll(destroyClients)

// A handler for AWS S3 with S3's additional checksums: SHA-256 signed into every upload URL.
const sha256Server = (overrides = {}) => makeHandler({ requireChecksum: undefined, checksumAlgorithm: 'sha256', ...overrides })
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64')
const md5 = (text: string) => createHash('md5').update(text).digest('base64')
const ref = { key: boundKey('uploads/', 'clip.mp4', { size: 50 * 1024 * 1024, partSize: 5 * 1024 * 1024 }), uploadId: 'u-1' }
const bigFile = { name: 'clip.mp4', size: 50 * 1024 * 1024, type: 'video/mp4' }

describe('checksumAlgorithm sha256', () => {
  it('signs file.sha256 into the PUT as x-amz-checksum-sha256, and no Content-MD5', async () => {
    const digest = sha256('x'.repeat(1234))
    const response = await sha256Server()(jsonRequest({ operation: 'putObject', file: { ...smallFile, sha256: digest } }))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as PutObjectReply
    expect(signedHeaders(reply.url)).toEqual(['content-length', 'content-type', 'host', 'x-amz-checksum-sha256'])
    expect(reply.headers).toEqual({ 'content-type': 'image/png', 'x-amz-checksum-sha256': digest })
  })

  it('signs x-amz-checksum-algorithm: SHA256 into CreateMultipartUpload when the client hashes with sha256', async () => {
    const body = { operation: 'createMultipartUpload', file: bigFile, partSize: 5 * 1024 * 1024, checksumAlgorithm: 'sha256' }
    const response = await sha256Server()(jsonRequest(body))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as CreateMultipartUploadReply
    expect(signedHeaders(reply.url)).toContain('x-amz-checksum-algorithm')
    expect(reply.headers['x-amz-checksum-algorithm']).toBe('SHA256')
  })

  it('signs each part with its own sha256, in the order of partNumbers', async () => {
    const digests = [sha256('a'), sha256('b')]
    const response = await sha256Server()(jsonRequest({ operation: 'signParts', ...ref, partNumbers: [4, 2], sha256: digests }))
    expect(response.status).toBe(200)
    const { parts } = (await response.json()) as SignPartsReply
    expect(parts.map((part) => [part.partNumber, part.headers['x-amz-checksum-sha256']])).toEqual([[4, digests[0]], [2, digests[1]]])
    for (const part of parts) expect(signedHeaders(part.url)).toContain('x-amz-checksum-sha256')
  })

  it('signs the composite checksum into CompleteMultipartUpload', async () => {
    const composite = `${sha256('parts')}-10`
    const response = await sha256Server()(jsonRequest({ operation: 'completeMultipartUpload', ...ref, sha256: composite }))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as MultipartCallReply
    expect(signedHeaders(reply.url)).toContain('x-amz-checksum-sha256')
    expect(reply.headers['x-amz-checksum-sha256']).toBe(composite)
  })

  it.each([
    ['putObject', { operation: 'putObject', file: smallFile }],
    ['createMultipartUpload', { operation: 'createMultipartUpload', file: bigFile, partSize: 5 * 1024 * 1024 }],
    ['signParts', { operation: 'signParts', ...ref, partNumbers: [1] }],
    ['completeMultipartUpload', { operation: 'completeMultipartUpload', ...ref }],
  ])('refuses %s without a SHA-256: 400 CHECKSUM_REQUIRED', async (_name, body) => {
    const response = await sha256Server()(jsonRequest(body))
    expect([response.status, (await errorOf(response)).code]).toEqual([400, 'CHECKSUM_REQUIRED'])
  })

  it.each([
    ['an MD5 PUT', { operation: 'putObject', file: { ...smallFile, md5: md5('x') } }],
    ['MD5 parts', { operation: 'signParts', ...ref, partNumbers: [1], md5: [md5('x')] }],
    ['an md5 create', { operation: 'createMultipartUpload', file: bigFile, partSize: 5 * 1024 * 1024, checksumAlgorithm: 'md5' }],
  ])('refuses %s: 400 CHECKSUM_ALGORITHM_MISMATCH, naming the setting', async (_name, body) => {
    const response = await sha256Server({ requireChecksum: false })(jsonRequest(body))
    const error = await errorOf(response)
    expect([response.status, error.code]).toEqual([400, 'CHECKSUM_ALGORITHM_MISMATCH'])
    expect(error.message).toContain("checksumAlgorithm to 'sha256'")
  })

  it('an MD5 server refuses a SHA-256 it would sign for a store that may not verify it', async () => {
    const response = await makeHandler({ requireChecksum: undefined })(jsonRequest({ operation: 'putObject', file: { ...smallFile, sha256: sha256('x') } }))
    expect([response.status, (await errorOf(response)).code]).toEqual([400, 'CHECKSUM_ALGORITHM_MISMATCH'])
  })

  it('an MD5 server still signs a create without checksumAlgorithm (older clients) and none into it', async () => {
    const body = { operation: 'createMultipartUpload', file: bigFile, partSize: 5 * 1024 * 1024 }
    const response = await makeHandler({ requireChecksum: undefined })(jsonRequest(body))
    expect(response.status).toBe(200)
    expect(signedHeaders(((await response.json()) as CreateMultipartUploadReply).url)).not.toContain('x-amz-checksum-algorithm')
  })

  it.each([
    ['a hex digest', { operation: 'putObject', file: { ...smallFile, sha256: createHash('sha256').update('x').digest('hex') } }],
    ['an MD5-sized digest', { operation: 'putObject', file: { ...smallFile, sha256: md5('x') } }],
    ['two digests', { operation: 'putObject', file: { ...smallFile, sha256: sha256('x'), md5: md5('x') } }],
    ['a composite without its part count', { operation: 'completeMultipartUpload', ...ref, sha256: sha256('x') }],
    ['an unknown algorithm', { operation: 'createMultipartUpload', file: bigFile, partSize: 5 * 1024 * 1024, checksumAlgorithm: 'crc64' }],
  ])('refuses a malformed checksum (%s) with 400 INVALID_REQUEST', async (_name, body) => {
    const response = await sha256Server()(jsonRequest(body))
    expect([response.status, (await errorOf(response)).code]).toEqual([400, 'INVALID_REQUEST'])
  })

  it('refuses an unknown checksumAlgorithm option at creation', () => {
    expect(() => makeHandler({ checksumAlgorithm: 'crc32' as never })).toThrow(/checksumAlgorithm must be/)
  })
})
