import { createHash } from 'node:crypto'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  CreateMultipartUploadReply,
  GetObjectsReply,
  MultipartCallReply,
  PutObjectReply,
  SignedObjectUrl,
  SignPartsReply,
} from '../../src/protocol/messages.js'
import { createPresignHandler, createS3Client, type PresignHandler } from '../../src/server/index.js'
import { jsonRequest } from './helpers.js'
import { startS3rver, type RunningS3rver } from './support/s3rver.mjs'

// The URLs are sent to a store that checks signatures, so "signed" means "accepted".
const BUCKET = 'real-bucket'
let store: RunningS3rver
let s3: S3Client
let defaultsS3: S3Client
let handler: PresignHandler

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= '1'
  store = await startS3rver(BUCKET)
  const credentials = { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey }
  s3 = createS3Client({ endpoint: store.endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
  defaultsS3 = new S3Client({ endpoint: store.endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
  handler = createPresignHandler({ s3, bucket: BUCKET, authorize: () => true, requireChecksum: false })
})

afterAll(async () => {
  s3.destroy()
  defaultsS3.destroy()
  await store.close()
})

async function sign<T>(body: unknown, h: PresignHandler = handler): Promise<T> {
  const response = await h(jsonRequest(body))
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

const text = 'hello, presigned world'
const file = { name: 'hello 東京.txt', size: new TextEncoder().encode(text).length, type: 'text/plain' }

describe('against a signature-checking store', () => {
  it('accepts a putObject upload sent as signed, and stores it under the key', async () => {
    const reply = await sign<PutObjectReply>({ operation: 'putObject', file })
    const put = await fetch(reply.url, { method: reply.method, headers: reply.headers, body: text })
    expect(put.status).toBe(200)
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: reply.key }))
    expect(await stored.Body?.transformToString()).toBe(text)
    expect(stored.ContentType).toBe('text/plain')
  })

  it('reads objects back through getObjects URLs, with and without a disposition', async () => {
    const { key, url, method, headers } = await sign<PutObjectReply>({ operation: 'putObject', file })
    expect((await fetch(url, { method, headers, body: text })).status).toBe(200)
    const disposition = 'attachment; filename="hello.txt"'
    const cases: Array<[object, string | null]> = [[{}, null], [{ responseContentDisposition: disposition }, disposition]]
    for (const [extra, sent] of cases) {
      const { objects } = await sign<GetObjectsReply>({ operation: 'getObjects', keys: [key], ...extra })
      const read = await fetch((objects[0] as SignedObjectUrl).url)
      expect(read.status).toBe(200)
      expect(await read.text()).toBe(text)
      expect(read.headers.get('content-disposition')).toBe(sent)
    }
  })

  it('refuses another Content-Type, another size and a tampered URL', async () => {
    const reply = await sign<PutObjectReply>({ operation: 'putObject', file })
    const wrongType = await fetch(reply.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: text })
    expect(wrongType.status).toBe(403)
    const wrongSize = await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: `${text}!` })
    expect(wrongSize.ok).toBe(false)
    const tampered = reply.url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604800')
    expect((await fetch(tampered, { method: 'PUT', headers: reply.headers, body: text })).status).toBe(403)
  })

  // s3rver checks the signature but not the body's MD5: the mock and RGW (e2e) check BadDigest.
  it('with file.md5 signed: refuses a request that drops the header, takes one that sends it', async () => {
    const strict = createPresignHandler({ s3, bucket: BUCKET, authorize: () => true })
    const md5 = createHash('md5').update(text).digest('base64')
    const reply = await sign<PutObjectReply>({ operation: 'putObject', file: { ...file, md5 } }, strict)
    const { 'content-md5': _dropped, ...withoutMd5 } = reply.headers
    expect((await fetch(reply.url, { method: 'PUT', headers: withoutMd5, body: text })).status).toBe(403)
    expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: text })).status).toBe(200)
  })

  it('gives working URLs even from a client left at SDK checksum defaults', async () => {
    const h = createPresignHandler({ s3: defaultsS3, bucket: BUCKET, authorize: () => true, requireChecksum: false })
    const reply = await sign<PutObjectReply>({ operation: 'putObject', file }, h)
    expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: text })).status).toBe(200)
  })

  it('runs a whole multipart upload through signed URLs', async () => {
    // Two parts: 5 MiB, then 5 bytes (every part URL is bound to its exact length).
    const partSize = 5 * 1024 * 1024
    const big = { name: 'two-parts.bin', size: partSize + 5, type: 'application/octet-stream' }
    const created = await sign<CreateMultipartUploadReply>({ operation: 'createMultipartUpload', file: big, partSize })
    const createdXml = await (await fetch(created.url, { method: created.method, headers: created.headers })).text()
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(createdXml)?.[1]
    expect(uploadId).toBeTruthy()
    const ref = { key: created.key, uploadId }
    const { parts } = await sign<SignPartsReply>({ operation: 'signParts', ...ref, partNumbers: [1, 2] })
    const etags: string[] = []
    const bodies = ['a'.repeat(partSize), 'abcde']
    for (const [index, part] of parts.entries()) {
      const put = await fetch(part.url, { method: part.method, headers: part.headers, body: bodies[index] })
      expect(put.status).toBe(200)
      etags.push(put.headers.get('etag') ?? '')
    }
    const complete = await sign<MultipartCallReply>({ operation: 'completeMultipartUpload', ...ref })
    const xml = `<CompleteMultipartUpload>${etags
      .map((etag, index) => `<Part><PartNumber>${index + 1}</PartNumber><ETag>${etag}</ETag></Part>`)
      .join('')}</CompleteMultipartUpload>`
    const done = await fetch(complete.url, { method: complete.method, headers: complete.headers, body: xml })
    expect(done.status).toBe(200)
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: created.key }))
    expect(await stored.Body?.transformToString()).toBe(bodies.join(''))
  })
})
