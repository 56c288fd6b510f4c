// The mock bucket's multipart rules, request by request, as S3 applies them.
import { createHash } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createMockStorage } from '../../src/testing/index.js'

const ENDPOINT = 'https://app.test/api/s3'
const storage = createMockStorage({ endpoint: ENDPOINT })
const server = setupServer(...storage.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

type Signed = { url: string; method: string; headers: Record<string, string>; key: string }

async function sign<T>(body: unknown): Promise<T> {
  const response = await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await response.json()) as T
}

it('creates, takes parts, lists them, completes with matching ETags only, and forgets the upload', async () => {
  const part1 = new Uint8Array(5 * 1024 * 1024).fill(1)
  const part2 = new Uint8Array(10).fill(2)
  const created = await sign<Signed>({ operation: 'createMultipartUpload', file: { name: 'v.bin', size: part1.length + part2.length, type: 'application/x-test' } })
  const uploadId = /<UploadId>(.+)<\/UploadId>/.exec(await (await fetch(created.url, { method: 'POST', headers: created.headers })).text())![1]!
  const ref = { key: created.key, uploadId }
  const { parts } = await sign<{ parts: Array<Signed & { partNumber: number }> }>({ operation: 'signParts', ...ref, partNumbers: [1, 2] })
  const etags = []
  for (const [index, body] of [part1, part2].entries()) {
    const response = await fetch(parts[index]!.url, { method: 'PUT', body })
    expect(response.status).toBe(200)
    etags.push(response.headers.get('etag')!)
  }
  const listed = await sign<Signed>({ operation: 'listParts', ...ref })
  const listing = await (await fetch(listed.url)).text()
  expect(listing.match(/<PartNumber>/g)).toHaveLength(2)

  const complete = await sign<Signed>({ operation: 'completeMultipartUpload', ...ref })
  const xml = (tags: string[]) =>
    `<CompleteMultipartUpload>${tags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`
  expect((await fetch(complete.url, { method: 'POST', body: xml([etags[0]!, '"wrong"']) })).status).toBe(400)
  expect(storage.objects.has(created.key)).toBe(false)
  expect((await fetch(complete.url, { method: 'POST', body: xml(etags) })).status).toBe(200)
  const stored = storage.objects.get(created.key)!
  expect(stored.body.length).toBe(part1.length + part2.length)
  expect(stored.contentType).toBe('application/x-test')
  expect(storage.multipartUploads.has(uploadId)).toBe(false)
})

it('refuses a part URL used for another part, and an abort of an unknown upload', async () => {
  const created = await sign<Signed>({ operation: 'createMultipartUpload', file: { name: 'w.bin', size: 6, type: 'text/plain' } })
  const uploadId = /<UploadId>(.+)<\/UploadId>/.exec(await (await fetch(created.url, { method: 'POST', headers: created.headers })).text())![1]!
  const { parts } = await sign<{ parts: Signed[] }>({ operation: 'signParts', key: created.key, uploadId, partNumbers: [1] })
  const otherPart = parts[0]!.url.replace('partNumber=1', 'partNumber=2')
  expect((await fetch(otherPart, { method: 'PUT', body: 'abc' })).status).toBe(403)
  const abort = await sign<Signed>({ operation: 'abortMultipartUpload', key: created.key, uploadId })
  expect((await fetch(abort.url, { method: 'DELETE' })).status).toBe(204)
  expect((await fetch(abort.url, { method: 'DELETE' })).status).toBe(404)
})

it('holds a PUT to the MD5 signed into its URL, as S3 does: another body is BadDigest, a dropped header fails the signature', async () => {
  const body = new TextEncoder().encode('signed bytes')
  const md5 = createHash('md5').update(body).digest('base64')
  const put = await sign<Signed>({ operation: 'putObject', file: { name: 'm.txt', size: body.length, type: 'text/plain', md5 } })
  expect(put.headers['content-md5']).toBe(md5)
  const other = new TextEncoder().encode('signed bytez')
  expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: other })).status).toBe(400)
  const { 'content-md5': _dropped, ...withoutMd5 } = put.headers
  expect((await fetch(put.url, { method: 'PUT', headers: withoutMd5, body })).status).toBe(403)
  expect(storage.objects.has(put.key)).toBe(false)
  expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body })).status).toBe(200)
})

it('confirms a stored object with its size and ETag, and refuses (and removes) one that differs', async () => {
  const body = new TextEncoder().encode('to confirm')
  const put = await sign<Signed>({ operation: 'putObject', file: { name: 'c.txt', size: body.length, type: 'text/plain' } })
  expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body })).status).toBe(200)
  const etag = `"${createHash('md5').update(body).digest('hex')}"`
  const confirm = (claim: object) =>
    fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'confirmUpload', key: put.key, ...claim }) })
  const ok = await confirm({ size: body.length, etag })
  expect(ok.status).toBe(200)
  expect(await ok.json()).toEqual({ key: put.key, size: body.length, type: 'text/plain', etag })
  const wrong = await confirm({ size: body.length + 1, etag })
  expect(wrong.status).toBe(422)
  expect(storage.objects.has(put.key)).toBe(false)
  expect((await confirm({ size: body.length, etag })).status).toBe(404)
})
