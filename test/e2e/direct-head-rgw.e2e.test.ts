import { createHash } from 'node:crypto'
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { PutObjectReply } from '../../src/protocol/messages.js'
import { createPresignHandler, createS3Client, type PresignHandlerOptions, type UploadCompleteEvent } from '../../src/server/index.js'
import { rgwClient } from './support/s3.js'

// confirmUpload's direct HeadObject (src/server/direct-head.ts) against Ceph RGW: the store takes the
// query-signed HEAD for any key the handler makes (odd names included) and for checksum mode, and the
// handler sees what `s3.send(new HeadObjectCommand)` sees. A fallback to `s3.send` would pass these
// checks too, so each test also asserts the HEAD was direct and was the only one.
const PREFIX = 'direct-head/'
const md5 = (text: string) => createHash('md5').update(text).digest()

interface Sent {
  method: string
  direct: boolean
}

let check: S3Client
const clients: S3Client[] = []
beforeAll(() => {
  check = rgwClient()
})
afterAll(() => {
  check?.destroy()
  for (const s3 of clients) s3.destroy()
})

/** The handler on a plain client whose request handler records what it sends. */
function handlerOnRgw(options: Partial<PresignHandlerOptions> = {}) {
  const { endpoint, region, accessKeyId, secretAccessKey, bucket } = inject('rgw')
  const s3 = createS3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } })
  clients.push(s3)
  const sent: Sent[] = []
  const requestHandler = s3.config.requestHandler
  const handle = requestHandler.handle.bind(requestHandler)
  // On the request handler, not on `send`: a wrapped `send` would make the client no longer plain.
  requestHandler.handle = (request, options) => {
    sent.push({ method: request.method, direct: 'X-Amz-Signature' in (request.query ?? {}) })
    return handle(request, options)
  }
  const events: UploadCompleteEvent[] = []
  const handler = createPresignHandler({
    s3,
    bucket,
    keyPrefix: PREFIX,
    authorize: () => true,
    onUploadComplete: (event) => void events.push(event),
    ...options,
  })
  const post = (body: object) =>
    handler(new Request('http://app.test/api/s3', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
  return { post, sent, events }
}

async function put(post: (body: object) => Promise<Response>, name: string, text: string, extra: object = {}): Promise<string> {
  const file = { name, size: Buffer.byteLength(text), type: 'text/plain', md5: md5(text).toString('base64'), ...extra }
  const reply = (await (await post({ operation: 'putObject', file })).json()) as PutObjectReply
  expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: text })).status).toBe(200)
  return reply.key
}

describe('confirmUpload with the direct HeadObject, on Ceph RGW', () => {
  it.each(['note.txt', 'päss wörd + (1) 100%.txt', 'a&b=c;d,e@f$g.txt'])('confirms %s with one direct HEAD, and tells the host what HeadObject says', async (name) => {
    const text = `the bytes of ${name}`
    const { post, sent, events } = handlerOnRgw()
    const key = await put(post, name, text)
    sent.length = 0
    const response = await post({ operation: 'confirmUpload', key, size: Buffer.byteLength(text), etag: `"${md5(text).toString('hex')}"` })
    expect(response.status).toBe(200)
    expect(sent).toEqual([{ method: 'HEAD', direct: true }])
    const head = await check.send(new HeadObjectCommand({ Bucket: inject('rgw').bucket, Key: key }))
    expect(events[0]).toMatchObject({ key, size: head.ContentLength, type: head.ContentType, etag: head.ETag })
  })

  it('answers 404 UPLOAD_NOT_FOUND for a key RGW does not have, from the direct HEAD alone', async () => {
    const { post, sent } = handlerOnRgw()
    const response = await post({ operation: 'confirmUpload', key: `${PREFIX}0b7e7a4c-1111-4222-8333-444455556666/gone.txt`, size: 1, etag: `"${'0'.repeat(32)}"` })
    expect(response.status).toBe(404)
    expect(sent).toEqual([{ method: 'HEAD', direct: true }])
  })

  it('refuses another ETag with 422 UPLOAD_MISMATCH and deletes the object (DeleteObject by s3.send)', async () => {
    const { post, sent } = handlerOnRgw()
    const key = await put(post, 'other.txt', 'stored bytes')
    sent.length = 0
    const response = await post({ operation: 'confirmUpload', key, size: 'stored bytes'.length, etag: `"${'0'.repeat(32)}"` })
    expect(response.status).toBe(422)
    expect(sent).toEqual([{ method: 'HEAD', direct: true }, { method: 'DELETE', direct: false }])
    const exists = await check.send(new HeadObjectCommand({ Bucket: inject('rgw').bucket, Key: key })).then(() => true, () => false)
    expect(exists).toBe(false)
  })

  it('takes the checksum mode header signed into the direct HEAD (RGW 16 keeps no SHA-256: refused, as through the SDK)', async () => {
    const { post, sent } = handlerOnRgw({ checksumAlgorithm: 'sha256' })
    const text = 'hashed with sha256'
    const sha256 = createHash('sha256').update(text).digest('base64')
    const key = await put(post, 's.txt', text, { md5: undefined, sha256 })
    sent.length = 0
    const response = await post({ operation: 'confirmUpload', key, size: text.length, sha256 })
    expect(response.status).toBe(422)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/kept no SHA-256/)
    expect(sent[0]).toEqual({ method: 'HEAD', direct: true })
  })
})
