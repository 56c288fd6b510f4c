import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CreateMultipartUploadReply, PutObjectReply } from '../../src/protocol/messages.js'
import { rgwClient } from './support/s3.js'
import { abortUploads, startSigningServer, storeContents, type SigningServer } from './support/signing-server.js'

// Issue 12, finding 1: Ceph RGW 16 honours an unsigned `x-amz-acl: public-read` or
// `x-amz-grant-read` on a URL the handler signed, and the upload becomes anonymously
// readable. With `cannedAcl`, `x-amz-acl` is a signed header: RGW refuses another value
// (SignatureDoesNotMatch) and a grant beside it (InvalidRequest), and the honest upload works.
const PREFIX = 'signed-acl/'
const ALL_USERS = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"'
const ATTACKS: Array<[string, Record<string, string>]> = [
  ['x-amz-acl: public-read', { 'x-amz-acl': 'public-read' }],
  ['x-amz-acl: public-read-write', { 'x-amz-acl': 'public-read-write' }],
  ['x-amz-grant-read for everyone', { 'x-amz-grant-read': ALL_USERS }],
  ['x-amz-grant-full-control for everyone', { 'x-amz-grant-full-control': ALL_USERS }],
]

let signed: SigningServer
let unsigned: SigningServer
let s3: S3Client
const kept: string[] = []

beforeAll(async () => {
  s3 = rgwClient()
  signed = await startSigningServer({ keyPrefix: PREFIX, cannedAcl: 'bucket-owner-full-control', requireChecksum: false })
  unsigned = await startSigningServer({ keyPrefix: PREFIX, requireChecksum: false })
})
afterAll(async () => {
  if (s3) {
    await abortUploads(s3, PREFIX)
    for (const { key } of (await storeContents(s3, PREFIX)).objects) {
      await s3.send(new DeleteObjectCommand({ Bucket: inject('rgw').bucket, Key: key }))
    }
  }
  s3?.destroy()
  await signed?.close()
  await unsigned?.close()
})

const file = { name: 'a.txt', size: 5, type: 'text/plain' }

async function signPut(server: SigningServer): Promise<PutObjectReply> {
  const response = await server.post({ operation: 'putObject', file })
  expect(response.status).toBe(200)
  return (await response.json()) as PutObjectReply
}

async function anonymousStatus(key: string): Promise<number> {
  const { endpoint, bucket } = inject('rgw')
  const response = await fetch(`${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`)
  await response.body?.cancel()
  return response.status
}

describe('cannedAcl against Ceph RGW', () => {
  it('is needed: without it, RGW honours an unsigned x-amz-acl (the attack this closes)', async () => {
    const reply = await signPut(unsigned)
    const put = await fetch(reply.url, { method: 'PUT', headers: { ...reply.headers, 'x-amz-acl': 'public-read' }, body: 'hello' })
    expect(put.status).toBe(200)
    expect(await anonymousStatus(reply.key)).toBe(200)
    await s3.send(new DeleteObjectCommand({ Bucket: inject('rgw').bucket, Key: reply.key }))
  })

  it.each(ATTACKS)('refuses a putObject URL sent with %s, and nothing is stored', async (_name, extra) => {
    const reply = await signPut(signed)
    const put = await fetch(reply.url, { method: 'PUT', headers: { ...reply.headers, ...extra }, body: 'hello' })
    await put.body?.cancel()
    expect(put.status).toBeGreaterThanOrEqual(400)
    expect(await anonymousStatus(reply.key)).not.toBe(200)
  })

  it.each(ATTACKS)('refuses a createMultipartUpload URL sent with %s', async (_name, extra) => {
    const response = await signed.post({ operation: 'createMultipartUpload', file: { ...file, size: 6 * 1024 * 1024 }, partSize: 5 * 1024 * 1024 })
    const created = (await response.json()) as CreateMultipartUploadReply
    const post = await fetch(created.url, { method: 'POST', headers: { ...created.headers, ...extra } })
    await post.body?.cancel()
    expect(post.status).toBeGreaterThanOrEqual(400)
    expect((await storeContents(s3, PREFIX)).uploads.map(({ key }) => key)).not.toContain(created.key)
  })

  it('still takes the upload exactly as signed, which stays private', async () => {
    const reply = await signPut(signed)
    expect(reply.headers['x-amz-acl']).toBe('bucket-owner-full-control')
    const put = await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: 'hello' })
    expect(put.status).toBe(200)
    expect(await anonymousStatus(reply.key)).toBe(403)
    kept.push(reply.key)
    const response = await signed.post({ operation: 'createMultipartUpload', file: { ...file, size: 6 * 1024 * 1024 }, partSize: 5 * 1024 * 1024 })
    const created = (await response.json()) as CreateMultipartUploadReply
    const post = await fetch(created.url, { method: 'POST', headers: created.headers })
    expect(post.status).toBe(200)
    await post.body?.cancel()
  })

  it('leaves no object but the honest one', async () => {
    const { objects } = await storeContents(s3, PREFIX)
    expect(objects.map(({ key }) => key)).toEqual(kept)
  })
})
