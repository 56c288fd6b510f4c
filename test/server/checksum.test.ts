import { createHash } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { PutObjectReply, SignPartsReply } from '../../src/protocol/messages.js'
import { boundKey, destroyClients, errorOf, jsonRequest, makeHandler, signedHeaders, smallFile } from './helpers.js'

afterAll(destroyClients)

// The default handler, as host apps get it: requireChecksum on.
const strict = () => makeHandler({ requireChecksum: undefined })
const md5 = (text: string) => createHash('md5').update(text).digest('base64')
// A key as createMultipartUpload makes it (layout and creation time bound in): 10 parts of 5 MiB.
const ref = { key: boundKey('uploads/', 'clip.mp4', { size: 50 * 1024 * 1024, partSize: 5 * 1024 * 1024 }), uploadId: 'u-1' }

describe('checksums signed into upload URLs', () => {
  it('signs file.md5 into the PUT as content-md5 and tells the browser to send exactly it', async () => {
    const digest = md5('x'.repeat(1234))
    const response = await strict()(jsonRequest({ operation: 'putObject', file: { ...smallFile, md5: digest } }))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as PutObjectReply
    expect(signedHeaders(reply.url)).toEqual(['content-length', 'content-md5', 'content-type', 'host'])
    expect(reply.headers).toEqual({ 'content-type': 'image/png', 'content-md5': digest })
  })

  it('signs each part with its own md5, in the order of partNumbers', async () => {
    const digests = [md5('a'), md5('b')]
    const body = { operation: 'signParts', ...ref, partNumbers: [4, 2], md5: digests }
    const response = await strict()(jsonRequest(body))
    expect(response.status).toBe(200)
    const { parts } = (await response.json()) as SignPartsReply
    expect(parts.map((part) => [part.partNumber, part.headers['content-md5']])).toEqual([[4, digests[0]], [2, digests[1]]])
    for (const part of parts) expect(signedHeaders(part.url)).toContain('content-md5')
  })

  it.each([
    ['putObject', { operation: 'putObject', file: smallFile }],
    ['signParts', { operation: 'signParts', ...ref, partNumbers: [1] }],
  ])('refuses %s without a checksum by default: 400 CHECKSUM_REQUIRED', async (_name, body) => {
    const response = await strict()(jsonRequest(body))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('CHECKSUM_REQUIRED')
  })

  it('signs without a checksum when requireChecksum is off', async () => {
    const response = await makeHandler({ requireChecksum: false })(jsonRequest({ operation: 'putObject', file: smallFile }))
    expect(response.status).toBe(200)
    expect(signedHeaders(((await response.json()) as PutObjectReply).url)).not.toContain('content-md5')
  })

  it.each([
    ['not base64', { operation: 'putObject', file: { ...smallFile, md5: 'not-a-digest' } }],
    ['a hex digest', { operation: 'putObject', file: { ...smallFile, md5: 'd41d8cd98f00b204e9800998ecf8427e' } }],
    ['one md5 short', { operation: 'signParts', ...ref, partNumbers: [1, 2], md5: [md5('a')] }],
    ['md5 not an array', { operation: 'signParts', ...ref, partNumbers: [1], md5: md5('a') }],
  ])('refuses a malformed checksum (%s) with 400 INVALID_REQUEST', async (_name, body) => {
    const response = await strict()(jsonRequest(body))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('INVALID_REQUEST')
  })
})
