import { createHash } from 'node:crypto'
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ConfirmUploadReply, PutObjectReply } from '../../src/protocol/messages.js'
import { createPresignHandler, createS3Client, type PresignHandlerOptions, type UploadCompleteEvent } from '../../src/server/index.js'
import { errorOf, jsonRequest } from './helpers.js'
import { startS3rver, type RunningS3rver } from './support/s3rver.mjs'

// confirmUpload makes real S3 calls (HeadObject, DeleteObject): tested against a store.
const BUCKET = 'confirm-bucket'
let store: RunningS3rver
let s3: S3Client

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= '1'
  store = await startS3rver(BUCKET)
  const credentials = { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey }
  s3 = createS3Client({ endpoint: store.endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
})

afterAll(async () => {
  s3.destroy()
  await store.close()
})

const text = 'confirmed bytes'
const md5 = createHash('md5').update(text).digest()
const file = { name: 'note.txt', size: Buffer.byteLength(text), type: 'text/plain', md5: md5.toString('base64') }
const etag = `"${md5.toString('hex')}"`

function handler(overrides: Partial<PresignHandlerOptions> = {}) {
  const user = (request: Request) => request.headers.get('x-user') ?? '1'
  return createPresignHandler({
    s3,
    bucket: BUCKET,
    authorize: (request) => ({ allow: true, keyPrefix: `users/${user(request)}/` }),
    ...overrides,
  })
}

async function upload(h = handler()): Promise<string> {
  const reply = (await (await h(jsonRequest({ operation: 'putObject', file }))).json()) as PutObjectReply
  expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: text })).status).toBe(200)
  return reply.key
}

const confirm = (h: ReturnType<typeof handler>, body: object, init?: RequestInit) =>
  h(jsonRequest({ operation: 'confirmUpload', ...body }, init))

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
    return true
  } catch {
    return false
  }
}

describe('confirmUpload', () => {
  it('checks the object and hands it to onUploadComplete, whose answer comes back as serverData', async () => {
    const onUploadComplete = vi.fn(({ key }: UploadCompleteEvent) => ({ id: `row-${key.length}` }))
    const h = handler({ onUploadComplete })
    const key = await upload(h)
    const response = await confirm(h, { key, size: file.size, etag })
    expect(response.status).toBe(200)
    const reply = (await response.json()) as ConfirmUploadReply
    expect(reply).toEqual({ key, size: file.size, type: 'text/plain', etag, serverData: { id: `row-${key.length}` } })
    const [event] = onUploadComplete.mock.calls[0]!
    expect(event).toMatchObject({ key, size: file.size, type: 'text/plain', etag, checksum: file.md5 })
    expect(event.request).toBeInstanceOf(Request)
    expect(event.idempotencyKey).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is idempotent: a retried confirm gives the host the same idempotencyKey', async () => {
    const keys: string[] = []
    const h = handler({ onUploadComplete: ({ idempotencyKey }) => void keys.push(idempotencyKey) })
    const key = await upload(h)
    for (let i = 0; i < 2; i++) expect((await confirm(h, { key, size: file.size, etag })).status).toBe(200)
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1])
  })

  it('answers 404 UPLOAD_NOT_FOUND for a key the store does not have, and calls nobody', async () => {
    const onUploadComplete = vi.fn()
    const response = await confirm(handler({ onUploadComplete }), { key: 'users/1/0b7e7a4c-1111-4222-8333-444455556666/x.txt', size: 1, etag })
    expect(response.status).toBe(404)
    expect((await errorOf(response)).code).toBe('UPLOAD_NOT_FOUND')
    expect(onUploadComplete).not.toHaveBeenCalled()
  })

  it.each([
    ['another size', { size: file.size + 1, etag }],
    ['another ETag', { size: file.size, etag: `"${'0'.repeat(32)}"` }],
  ])('refuses %s with 422 UPLOAD_MISMATCH and deletes the object', async (_name, claim) => {
    const onUploadComplete = vi.fn()
    const h = handler({ onUploadComplete })
    const key = await upload(h)
    const response = await confirm(h, { key, ...claim })
    expect(response.status).toBe(422)
    expect((await errorOf(response)).code).toBe('UPLOAD_MISMATCH')
    expect(await exists(key)).toBe(false)
    expect(onUploadComplete).not.toHaveBeenCalled()
  })

  it('refuses an object of a type the server does not allow (any more), and deletes it', async () => {
    const key = await upload()
    const response = await confirm(handler({ allowedContentTypes: ['image/*'] }), { key, size: file.size, etag })
    expect((await errorOf(response)).code).toBe('UPLOAD_MISMATCH')
    expect(await exists(key)).toBe(false)
  })

  it("refuses another user's key with 403 KEY_OUTSIDE_PREFIX, and leaves the object alone", async () => {
    const key = await upload()
    const response = await confirm(handler(), { key, size: file.size, etag }, { headers: { 'content-type': 'application/json', 'x-user': '2' } })
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe('KEY_OUTSIDE_PREFIX')
    expect(await exists(key)).toBe(true)
  })

  it('requires an ETag while requireChecksum is on, and confirms without one when it is off', async () => {
    const key = await upload()
    expect((await errorOf(await confirm(handler(), { key, size: file.size }))).code).toBe('CHECKSUM_REQUIRED')
    expect((await confirm(handler({ requireChecksum: false }), { key, size: file.size })).status).toBe(200)
  })
})
