import type { S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreateMultipartUploadReply, MultipartCallReply, PutObjectReply, SignPartsReply } from '../../src/protocol/messages.js'
import { rgwClient } from './support/s3.js'
import {
  abortUploads,
  errorCode,
  startSigningServer,
  storeContents,
  uploadIdOf,
  type SigningServer,
} from './support/signing-server.js'

// Hostile requests against the real handler (behind the Node adapter) and a real
// store (Ceph RGW): the endpoint refuses with a 4xx and a stable code, the store
// refuses whatever a signed URL does not allow, and afterwards the bucket holds
// exactly the uploads that were allowed.
const PREFIX = 'bad-input/'
const MiB = 1024 * 1024
const LIMIT = 8 * MiB

let server: SigningServer
let s3: S3Client
const allowed = new Map<string, number>()

beforeAll(async () => {
  s3 = rgwClient()
  server = await startSigningServer({
    keyPrefix: PREFIX,
    maxFileSize: LIMIT,
    allowedContentTypes: ['image/*', 'text/plain', 'application/octet-stream'],
    // The other refusals, on requests without MD5s; trust.e2e.test.ts tests the checksum policy.
    requireChecksum: false,
  })
})
afterAll(async () => {
  if (s3) await abortUploads(s3, PREFIX)
  s3?.destroy()
  await server?.close()
})

const text = (name: string, size = 5) => ({ name, size, type: 'text/plain' })
const put = (file: unknown) => ({ operation: 'putObject', file })
const now = Math.floor(Date.now() / 1000)
const ref = { key: `${PREFIX}0b7e7a4c-1111-4222-8333-444455556666-s10-p5242880-t${now}/a.bin`, uploadId: 'x' }
const dayOld = { key: `${PREFIX}0b7e7a4c-1111-4222-8333-444455556666-s10-p5242880-t${now - 86_401}/a.bin`, uploadId: 'x' }
const hugeName = 'n'.repeat(5000)

type Row = [string, () => Promise<Response>, number, string]
const rows: Row[] = [
  ['a name with ../', () => server.post(put(text('../../etc/passwd'))), 400, 'INVALID_FILE_NAME'],
  ['a name with NUL', () => server.post(put(text('a\u0000.txt'))), 400, 'INVALID_FILE_NAME'],
  ['a 5,000-character name', () => server.post(put(text(hugeName))), 400, 'INVALID_FILE_NAME'],
  ['a name that is not Unicode', () => server.post(undefined, { raw: '{"operation":"putObject","file":{"name":"\\ud800.txt","size":1,"type":"text/plain"}}' }), 400, 'INVALID_FILE_NAME'],
  ['a body that is not UTF-8', () => server.post(undefined, { raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 400, 'INVALID_JSON'],
  ['a size over the limit (PUT)', () => server.post(put(text('big.txt', LIMIT + 1))), 413, 'FILE_TOO_LARGE'],
  ['a size over the limit (multipart)', () => server.post({ operation: 'createMultipartUpload', file: text('big.txt', LIMIT + 1), partSize: 5 * MiB }), 413, 'FILE_TOO_LARGE'],
  ['a disallowed type', () => server.post(put({ name: 'x.html', size: 5, type: 'text/html' })), 400, 'CONTENT_TYPE_NOT_ALLOWED'],
  ['a type with a header injection', () => server.post(put({ name: 'x', size: 5, type: 'text/plain\r\nx-amz-acl: public-read' })), 400, 'INVALID_REQUEST'],
  ['a 1 MiB body', () => server.post(undefined, { raw: JSON.stringify({ operation: 'putObject', pad: 'x'.repeat(MiB) }) }), 413, 'REQUEST_TOO_LARGE'],
  ['malformed JSON', () => server.post(undefined, { raw: '{"operation":' }), 400, 'INVALID_JSON'],
  ['a JSON array', () => server.post([put(text('a.txt'))]), 400, 'INVALID_REQUEST'],
  ['a text/plain body (CSRF)', () => server.post(put(text('a.txt')), { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['a urlencoded form (CSRF)', () => server.post(undefined, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, raw: 'operation=putObject' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['a multipart form (CSRF)', () => server.post(undefined, { headers: { 'content-type': 'multipart/form-data; boundary=b' }, raw: '--b\r\nContent-Disposition: form-data; name="operation"\r\n\r\nputObject\r\n--b--\r\n' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['10,000 part URLs', () => server.post({ operation: 'signParts', ...ref, partNumbers: Array.from({ length: 10_000 }, (_, i) => i + 1) }), 400, 'TOO_MANY_PARTS'],
  ['a part past the declared size', () => server.post({ operation: 'signParts', ...ref, partNumbers: [2] }), 400, 'PART_NUMBER_OUT_OF_RANGE'],
  ['an upload older than a day', () => server.post({ operation: 'completeMultipartUpload', ...dayOld }), 410, 'UPLOAD_TOO_OLD'],
  ['an empty file in parts', () => server.post({ operation: 'createMultipartUpload', file: text('a.bin', 0), partSize: 5 * MiB }), 400, 'INVALID_REQUEST'],
  ['multipart without a part size', () => server.post({ operation: 'createMultipartUpload', file: text('a.bin', 6 * MiB) }), 400, 'PART_SIZE_REQUIRED'],
  ['a key outside the prefix', () => server.post({ operation: 'signParts', key: 'uploads/other/a.bin', uploadId: 'x', partNumbers: [1] }), 403, 'KEY_OUTSIDE_PREFIX'],
  ['a key with ../', () => server.post({ operation: 'listParts', key: `${PREFIX}../uploads/a.bin`, uploadId: 'x' }), 403, 'KEY_OUTSIDE_PREFIX'],
  ['an unknown operation', () => server.post({ operation: 'deleteObject', key: `${PREFIX}a` }), 400, 'UNKNOWN_OPERATION'],
  ['no credentials', () => server.post(put(text('a.txt')), { headers: { authorization: '' } }), 403, 'FORBIDDEN'],
  ['a GET', () => fetch(server.url), 405, 'METHOD_NOT_ALLOWED'],
]

describe('the endpoint refuses bad input with a 4xx and a stable code', () => {
  it.each(rows)('%s', async (_name, send, status, code) => {
    const response = await send()
    expect(response.status).toBe(status)
    expect(await errorCode(response)).toBe(code)
    expect(response.headers.get('cache-control')).toBe('no-store')
  })
})

async function signPut(name: string, size: number): Promise<PutObjectReply> {
  const response = await server.post(put(text(name, size)))
  expect(response.status).toBe(200)
  return (await response.json()) as PutObjectReply
}

describe('the store refuses what was not signed', () => {
  it('accepts the request exactly as signed (the control case)', async () => {
    const reply = await signPut('ok.txt', 5)
    const response = await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: 'hello' })
    expect(response.status).toBe(200)
    allowed.set(reply.key, 5)
  })

  it('refuses another Content-Type, another size and a tampered URL', async () => {
    const reply = await signPut('signed.txt', 5)
    const attempts: Array<[string, RequestInit]> = [
      [reply.url, { headers: { 'content-type': 'text/html' }, body: 'hello' }],
      [reply.url, { headers: reply.headers, body: 'hello, much longer than signed' }],
      [reply.url, { headers: reply.headers, body: 'hi' }],
      [reply.url.replace('/signed.txt?', '/evil.txt?'), { headers: reply.headers, body: 'hello' }],
      [reply.url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604800'), { headers: reply.headers, body: 'hello' }],
      [reply.url.replace(/X-Amz-SignedHeaders=[^&]+/, 'X-Amz-SignedHeaders=host'), { headers: reply.headers, body: 'hello' }],
    ]
    for (const [url, init] of attempts) {
      const response = await fetch(url, { method: 'PUT', ...init })
      await response.body?.cancel()
      expect(response.status, `${init.body} → ${url.slice(0, 80)}`).toBeGreaterThanOrEqual(400)
    }
  })

  it('holds a multipart upload to its declared size, part by part', async () => {
    const size = 6 * MiB + 1
    const createdReply = await server.post({ operation: 'createMultipartUpload', file: text('big.bin', size), partSize: 5 * MiB })
    const created = (await createdReply.json()) as CreateMultipartUploadReply
    const uploadId = uploadIdOf(await (await fetch(created.url, { method: 'POST', headers: created.headers })).text())
    const sign = async (key: string, partNumbers: number[]) =>
      ((await (await server.post({ operation: 'signParts', key, uploadId, partNumbers })).json()) as SignPartsReply).parts
    const [part1, part2] = await sign(created.key, [1, 2])
    // Part 2 is 1 MiB + 1: a full 5 MiB part there would take the file past its declared size.
    const oversized = await fetch(part2!.url, { method: 'PUT', body: Buffer.alloc(5 * MiB) })
    await oversized.body?.cancel()
    expect(oversized.status).toBe(403)
    // Claiming a file over the limit in the key is refused by the handler itself (layouts are checked when read back)…
    const overLimit = await server.post({ operation: 'signParts', key: created.key.replace(`-s${size}-`, `-s${1024 * MiB}-`), uploadId, partNumbers: [2] })
    expect(overLimit.status).toBe(413)
    expect(await errorCode(overLimit)).toBe('FILE_TOO_LARGE')
    // …and a bigger file within it gets URLs the store refuses: the upload id belongs to the real key.
    const forged = created.key.replace(`-s${size}-`, `-s${LIMIT}-`)
    const [forgedPart] = await sign(forged, [2])
    const refused = await fetch(forgedPart!.url, { method: 'PUT', body: Buffer.alloc(LIMIT - 5 * MiB) })
    expect(refused.status).toBe(404)
    expect(await refused.text()).toContain('NoSuchUpload')
    // So does claiming a later start, to outlive maxUploadAgeSeconds: the time is part of the key.
    const younger = created.key.replace(/-t(\d+)\//, (_, t: string) => `-t${Number(t) + 3600}/`)
    expect(younger).not.toBe(created.key)
    const [youngerPart] = await sign(younger, [2])
    const refusedToo = await fetch(youngerPart!.url, { method: 'PUT', body: Buffer.alloc(MiB + 1) })
    expect(refusedToo.status).toBe(404)
    expect(await refusedToo.text()).toContain('NoSuchUpload')
    // The honest parts go through and the upload completes.
    const etags: string[] = []
    for (const [part, length] of [[part1!, 5 * MiB], [part2!, MiB + 1]] as const) {
      const response = await fetch(part.url, { method: 'PUT', body: Buffer.alloc(length, 7) })
      expect(response.status).toBe(200)
      etags.push(response.headers.get('etag') ?? '')
    }
    const complete = (await (await server.post({ operation: 'completeMultipartUpload', key: created.key, uploadId })).json()) as MultipartCallReply
    const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`
    const done = await fetch(complete.url, { method: 'POST', body: xml })
    expect(done.status).toBe(200)
    await done.body?.cancel()
    allowed.set(created.key, size)
  })

  it('leaves in the bucket only what was allowed', async () => {
    const { objects, uploads } = await storeContents(s3, PREFIX)
    expect(objects.sort((a, b) => String(a.key).localeCompare(String(b.key))))
      .toEqual([...allowed].map(([key, size]) => ({ key, size })).sort((a, b) => a.key.localeCompare(b.key)))
    expect(uploads).toEqual([])
  })
})
