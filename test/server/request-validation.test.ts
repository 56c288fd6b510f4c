import { afterAll, describe, expect, it, vi } from 'vitest'
import { boundKey, destroyClients, errorOf, jsonRequest, makeHandler, smallFile } from './helpers.js'

afterAll(destroyClients)

const URL_ = 'http://app.test/api/s3'
const ref = { key: boundKey('uploads/', 'b.bin'), uploadId: 'u-1' }

describe('method and content type', () => {
  it.each(['GET', 'PUT', 'DELETE', 'OPTIONS'])('answers %s with 405 and Allow: POST', async (method) => {
    const authorize = vi.fn(() => true)
    const response = await makeHandler({ authorize })(new Request(URL_, { method }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect((await errorOf(response)).code).toBe('METHOD_NOT_ALLOWED')
    expect(authorize).not.toHaveBeenCalled()
  })

  // The bodies a cross-site form (or a "simple" fetch) can send without a CORS preflight.
  it.each([
    ['text/plain', JSON.stringify({ operation: 'putObject', file: smallFile })],
    ['application/x-www-form-urlencoded', 'operation=putObject'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
  ])('refuses %s with 415 (CSRF)', async (contentType, body) => {
    const response = await makeHandler()(new Request(URL_, { method: 'POST', headers: { 'content-type': contentType }, body }))
    expect(response.status).toBe(415)
    expect((await errorOf(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('refuses a body with no content type', async () => {
    const request = new Request(URL_, { method: 'POST', body: new Blob(['{}']) })
    expect((await makeHandler()(request)).status).toBe(415)
  })

  it('accepts application/json with a charset, in any case', async () => {
    const request = jsonRequest({ operation: 'putObject', file: smallFile }, { headers: { 'content-type': 'Application/JSON; charset=UTF-8' } })
    expect((await makeHandler()(request)).status).toBe(200)
  })
})

describe('body', () => {
  it('answers 413 REQUEST_TOO_LARGE for a body over maxRequestBytes', async () => {
    const authorize = vi.fn(() => true)
    const big = JSON.stringify({ operation: 'putObject', file: smallFile, padding: 'x'.repeat(2000) })
    const response = await makeHandler({ authorize, maxRequestBytes: 1024 })(jsonRequest(big))
    expect(response.status).toBe(413)
    expect((await errorOf(response)).code).toBe('REQUEST_TOO_LARGE')
    expect(authorize).not.toHaveBeenCalled()
  })

  it('stops reading a streamed body once it passes the limit', async () => {
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1
        controller.enqueue(new Uint8Array(1024).fill(32))
        if (pulled > 10_000) controller.close()
      },
    })
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit)
    const response = await makeHandler({ maxRequestBytes: 4096 })(request)
    expect(response.status).toBe(413)
    expect(pulled).toBeLessThan(20)
  })

  it.each([
    ['not JSON', '{"operation": '],
    ['empty', ''],
    ['only whitespace', '  \n '],
  ])('answers 400 INVALID_JSON for a body that is %s', async (_label, body) => {
    const response = await makeHandler()(jsonRequest(body))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('INVALID_JSON')
  })

  it('answers 400 INVALID_JSON for invalid UTF-8', async () => {
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) })
    expect((await errorOf(await makeHandler()(request))).code).toBe('INVALID_JSON')
  })
})

describe('shape', () => {
  it.each([
    ['an array', [], 'JSON object'],
    ['null', null, 'JSON object'],
    ['no operation', { file: smallFile }, 'operation'],
    ['no file', { operation: 'putObject' }, 'file'],
    ['a file name that is not a string', { operation: 'putObject', file: { ...smallFile, name: 3 } }, 'file.name'],
    ['a negative size', { operation: 'putObject', file: { ...smallFile, size: -1 } }, 'file.size'],
    ['a fractional size', { operation: 'putObject', file: { ...smallFile, size: 1.5 } }, 'file.size'],
    ['a size as a string', { operation: 'putObject', file: { ...smallFile, size: '10' } }, 'file.size'],
    ['a missing type', { operation: 'createMultipartUpload', file: { name: 'a', size: 1 } }, 'file.type'],
    ['a type with a newline', { operation: 'putObject', file: { ...smallFile, type: 'text/plain\r\nx-evil: 1' } }, 'file.type'],
    ['a type that is not a MIME type', { operation: 'putObject', file: { ...smallFile, type: 'png' } }, 'file.type'],
    ['no key', { operation: 'listParts', uploadId: 'u' }, 'key'],
    ['an empty key', { operation: 'listParts', key: '', uploadId: 'u' }, 'key'],
    ['a key with a control character', { operation: 'listParts', key: 'uploads/a\u0000', uploadId: 'u' }, 'key'],
    ['no uploadId', { operation: 'abortMultipartUpload', key: ref.key }, 'uploadId'],
    ['an empty uploadId', { operation: 'abortMultipartUpload', key: ref.key, uploadId: '' }, 'uploadId'],
    ['an overlong uploadId', { operation: 'abortMultipartUpload', key: ref.key, uploadId: 'u'.repeat(1025) }, 'uploadId'],
    ['no partNumbers', { operation: 'signParts', ...ref }, 'partNumbers'],
    ['empty partNumbers', { operation: 'signParts', ...ref, partNumbers: [] }, 'partNumbers'],
    ['part number 0', { operation: 'signParts', ...ref, partNumbers: [0] }, 'partNumbers[0]'],
    ['part number 10001', { operation: 'signParts', ...ref, partNumbers: [1, 10001] }, 'partNumbers[1]'],
    ['a fractional part number', { operation: 'signParts', ...ref, partNumbers: [1.5] }, 'partNumbers[0]'],
    ['a repeated part number', { operation: 'signParts', ...ref, partNumbers: [1, 2, 1] }, 'partNumbers[2]'],
  ])('answers 400 INVALID_REQUEST for %s, naming the field', async (_label, body, field) => {
    const response = await makeHandler()(jsonRequest(body))
    expect(response.status).toBe(400)
    const error = await errorOf(response)
    expect(error.code).toBe('INVALID_REQUEST')
    expect(error.message).toContain(field)
  })

  it('answers 400 UNKNOWN_OPERATION for an operation it does not know', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 'deleteObject', key: 'uploads/x' }))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('UNKNOWN_OPERATION')
  })

  it('ignores unknown extra fields', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 'putObject', file: { ...smallFile, lastModified: 1 }, v: 2 }))
    expect(response.status).toBe(200)
  })

  it('answers 400 TOO_MANY_PARTS for 10,000 part numbers in one request', async () => {
    const partNumbers = Array.from({ length: 10_000 }, (_, index) => index + 1)
    const authorize = vi.fn(() => true)
    const response = await makeHandler({ authorize, maxRequestBytes: 1024 * 1024 })(jsonRequest({ operation: 'signParts', ...ref, partNumbers }))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('TOO_MANY_PARTS')
    expect(authorize).not.toHaveBeenCalled()
  })

  it('honours a custom maxPartNumbersPerRequest', async () => {
    const handler = makeHandler({ maxPartNumbersPerRequest: 2 })
    expect((await handler(jsonRequest({ operation: 'signParts', ...ref, partNumbers: [1, 2] }))).status).toBe(200)
    expect((await errorOf(await handler(jsonRequest({ operation: 'signParts', ...ref, partNumbers: [1, 2, 3] })))).code).toBe('TOO_MANY_PARTS')
  })
})

describe('error replies', () => {
  it('always have the { error: { code, message } } shape and are never cached', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 42 }))
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body: unknown = await response.json()
    expect(body).toEqual({ error: { code: 'INVALID_REQUEST', message: expect.any(String) } })
  })
})
