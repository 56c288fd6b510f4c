import { createHash, randomBytes } from 'node:crypto'
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import { createBatchingClient } from '../../src/core/endpoint/batching-endpoint-client.js'
import { EndpointError } from '../../src/core/errors.js'
import { createChecksumHasher } from '../../src/core/hashing/checksum-hashers.js'
import { confirmTransfer } from '../../src/core/transfer/confirm-upload.js'
import { uploadMultipart } from '../../src/core/transfer/multipart-upload.js'
import { Limiter } from '../../src/core/transfer/request-limiter.js'
import { resolveRetryOptions } from '../../src/core/transfer/retry.js'
import { uploadSimple } from '../../src/core/transfer/simple-upload.js'
import type { StorageTransport } from '../../src/core/transfer/storage-transport.js'
import type { TransferContext } from '../../src/core/transfer/transfer-context.js'
import { SigningCache } from '../../src/core/transfer/upload-url-cache.js'
import type { PutObjectReply } from '../../src/protocol/messages.js'
import { rgwClient } from './support/s3.js'
import { abortUploads, startSigningServer, TOKEN, type SigningServer } from './support/signing-server.js'

// checksumAlgorithm 'sha256' against Ceph RGW 16, which predates S3's additional checksums: what the
// store does with them (accepts, verifies nothing), and that the library then refuses to confirm
// rather than call an unverified upload verified. docs/providers.md quotes these results.
const PREFIX = 'sha256-rgw/'
const MiB = 1024 * 1024
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('base64')

let server: SigningServer
let s3: S3Client

beforeAll(async () => {
  s3 = rgwClient()
  server = await startSigningServer({ keyPrefix: PREFIX, checksumAlgorithm: 'sha256' })
})
afterAll(async () => {
  if (s3) await abortUploads(s3, PREFIX)
  s3?.destroy()
  await server?.close()
})

const exists = (Key: string) => s3.send(new HeadObjectCommand({ Bucket: inject('rgw').bucket, Key })).then(() => true, () => false)

const fetchTransport: StorageTransport = async (request) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal: request.signal })
  return { status: response.status, header: (name) => response.headers.get(name), text: await response.text() }
}

function sha256Context(): TransferContext {
  return {
    cache: new SigningCache(createBatchingClient({ endpoint: server.url, headers: { authorization: `Bearer ${TOKEN}` } }, { windowMs: 0 }), 32, systemClock, 'sha256'),
    transport: fetchTransport,
    retry: resolveRetryOptions({ baseDelayMs: 1, maxDelayMs: 5, attempts: 2 }),
    checksum: true,
    checksumAlgorithm: 'sha256',
    confirm: true,
    hasher: createChecksumHasher('sha256'),
    requests: new Limiter(6),
    clock: systemClock,
  }
}

describe("checksumAlgorithm 'sha256' on Ceph RGW 16", () => {
  it('RGW holds the signature (the header must be sent as signed) but stores bytes of another SHA-256', async () => {
    const body = 'the bytes sent'
    const file = { name: 'a.txt', size: body.length, type: 'text/plain', sha256: sha256('other bytes') }
    const reply = (await (await server.post({ operation: 'putObject', file })).json()) as PutObjectReply
    const { 'x-amz-checksum-sha256': _digest, ...unsigned } = reply.headers
    expect((await fetch(reply.url, { method: 'PUT', headers: unsigned, body })).status).toBe(403)
    // AWS S3 answers 400 BadDigest here; RGW 16 does not look.
    expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body })).status).toBe(200)
    const head = await s3.send(new HeadObjectCommand({ Bucket: inject('rgw').bucket, Key: reply.key, ChecksumMode: 'ENABLED' }))
    expect(head.ChecksumSHA256).toBeUndefined()
  })

  it('a PUT lands, and confirmUpload refuses it (RGW kept no SHA-256) and removes it', async () => {
    const context = sha256Context()
    const data = randomBytes(1000)
    const file = { name: 'b.bin', size: data.length, type: 'application/octet-stream' }
    const landed = await uploadSimple(context, { fileId: 'b', file, data: new Blob([new Uint8Array(data)]), onProgress: () => {} }, new AbortController().signal)
    expect(landed.sha256).toBe(sha256(data))
    const refusal = await confirmTransfer(context, file, landed, new AbortController().signal).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(EndpointError)
    expect(refusal).toMatchObject({ serverCode: 'UPLOAD_MISMATCH', message: expect.stringMatching(/kept no SHA-256/) })
    expect(await exists(landed.key)).toBe(false)
  })

  it('a multipart upload created with SHA256 completes with its composite checksum; the confirm refuses it likewise', async () => {
    const context = sha256Context()
    const data = randomBytes(5 * MiB + 100)
    const file = { name: 'c.bin', size: data.length, type: 'application/octet-stream' }
    const job = {
      fileId: 'c', file, data: new Blob([new Uint8Array(data)]), onProgress: () => {},
      state: { partSize: 5 * MiB, done: new Map<number, string>() }, parallel: 2, onCreated: () => {},
    }
    const landed = await uploadMultipart(context, job, new AbortController().signal)
    expect(landed.sha256).toMatch(/-2$/)
    expect(await exists(landed.key)).toBe(true)
    await expect(confirmTransfer(context, file, landed, new AbortController().signal)).rejects.toMatchObject({ serverCode: 'UPLOAD_MISMATCH' })
    expect(await exists(landed.key)).toBe(false)
  }, 60_000)
})
