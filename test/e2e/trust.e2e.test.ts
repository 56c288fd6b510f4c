import { createHash, randomBytes } from 'node:crypto'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CreateMultipartUploadCommand, GetObjectTaggingCommand, HeadObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import { createBatchingClient } from '../../src/core/endpoint/batching-endpoint-client.js'
import { createMd5Hasher } from '../../src/core/hashing/md5-hasher.js'
import { confirmTransfer } from '../../src/core/transfer/confirm-upload.js'
import { listAllParts } from '../../src/core/transfer/list-parts.js'
import type { StorageTransport } from '../../src/core/transfer/storage-transport.js'
import { Limiter } from '../../src/core/transfer/request-limiter.js'
import { resolveRetryOptions } from '../../src/core/transfer/retry.js'
import type { TransferContext } from '../../src/core/transfer/transfer-context.js'
import { SigningCache } from '../../src/core/transfer/upload-url-cache.js'
import type { ConfirmUploadReply, CreateMultipartUploadReply, PutObjectReply, SignPartsReply } from '../../src/protocol/messages.js'
import type { UploadCompleteEvent } from '../../src/server/index.js'
import { bindingSuffix } from '../../src/server/part-layout.js'
import { rgwClient } from './support/s3.js'
import { abortUploads, errorCode, startSigningServer, uploadIdOf, type SigningServer } from './support/signing-server.js'

// Uploads the server can trust, against a real store (Ceph RGW): MD5s signed into the
// URLs, confirmUpload's HeadObject checks, and routes with their own limits.
const PREFIX = 'trust/'
const MiB = 1024 * 1024
const md5 = (bytes: Buffer | string) => createHash('md5').update(bytes).digest()

let server: SigningServer
let s3: S3Client
const rows = new Map<string, UploadCompleteEvent['key']>()

beforeAll(async () => {
  s3 = rgwClient()
  server = await startSigningServer({
    keyPrefix: PREFIX,
    onUploadComplete: ({ key, idempotencyKey }) => {
      rows.set(idempotencyKey, key)
      return { rows: rows.size }
    },
    routes: {
      avatar: { keyPrefix: `${PREFIX}avatars/`, maxFileSize: 1024, allowedContentTypes: ['image/*'] },
      documents: {
        keyPrefix: `${PREFIX}docs/`,
        maxFileSize: 10 * MiB,
        allowedContentTypes: ['application/pdf'],
        objectSettings: {
          cacheControl: 'private, max-age=31536000, immutable',
          contentDisposition: 'attachment',
          metadata: () => ({ 'uploaded-by': '42' }),
          tags: { kind: 'document' },
        },
      },
    },
  })
})
afterAll(async () => {
  if (s3) await abortUploads(s3, PREFIX)
  s3?.destroy()
  await server?.close()
})

async function signPut(body: string, extra: object = {}): Promise<PutObjectReply> {
  const file = { name: 'n.txt', size: Buffer.byteLength(body), type: 'text/plain', md5: md5(body).toString('base64') }
  const response = await server.post({ operation: 'putObject', file, ...extra })
  expect(response.status).toBe(200)
  return (await response.json()) as PutObjectReply
}

async function exists(key: string): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: inject('rgw').bucket, Key: key })).then(() => true, () => false)
}

describe('Content-MD5 signed into the URLs', () => {
  it('refuses a PUT without an MD5 by default', async () => {
    const response = await server.post({ operation: 'putObject', file: { name: 'n.txt', size: 5, type: 'text/plain' } })
    expect([response.status, await errorCode(response)]).toEqual([400, 'CHECKSUM_REQUIRED'])
  })

  it('the store refuses a PUT that drops the header or sends other bytes, and takes the signed ones', async () => {
    const reply = await signPut('hello')
    const { 'content-md5': signed, ...withoutMd5 } = reply.headers
    expect(signed).toBe(md5('hello').toString('base64'))
    const dropped = await fetch(reply.url, { method: 'PUT', headers: withoutMd5, body: 'hello' })
    expect(dropped.status).toBe(403)
    const changed = await fetch(reply.url, { method: 'PUT', headers: { ...reply.headers, 'content-md5': md5('jello').toString('base64') }, body: 'jello' })
    expect(changed.status).toBe(403)
    const flipped = await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: 'jello' })
    expect(flipped.status).toBe(400)
    expect(await flipped.text()).toContain('BadDigest')
    expect(await exists(reply.key)).toBe(false)
    expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: 'hello' })).status).toBe(200)
  })

  it('holds each part to its own signed MD5', async () => {
    const part = randomBytes(5 * MiB)
    const file = { name: 'p.bin', size: part.length + 1, type: 'application/octet-stream' }
    const created = (await (await server.post({ operation: 'createMultipartUpload', file, partSize: 5 * MiB })).json()) as CreateMultipartUploadReply
    const uploadId = uploadIdOf(await (await fetch(created.url, { method: 'POST', headers: created.headers })).text())
    const signBody = { operation: 'signParts', key: created.key, uploadId, partNumbers: [1], md5: [md5(part).toString('base64')] }
    const [signed] = ((await (await server.post(signBody)).json()) as SignPartsReply).parts
    const other = Buffer.from(part)
    other[17] = other[17]! ^ 1
    const refused = await fetch(signed!.url, { method: 'PUT', headers: signed!.headers, body: other })
    expect(refused.status).toBe(400)
    await refused.body?.cancel()
    const ok = await fetch(signed!.url, { method: 'PUT', headers: signed!.headers, body: part })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).toBe(`"${md5(part).toString('hex')}"`)
  })
})

describe('confirmUpload', () => {
  it('confirms a landed PUT and returns the host callback answer as serverData', async () => {
    const reply = await signPut('landed')
    expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: 'landed' })).status).toBe(200)
    const response = await server.post({ operation: 'confirmUpload', key: reply.key, size: 6, etag: `"${md5('landed').toString('hex')}"` })
    expect(response.status).toBe(200)
    const confirmed = (await response.json()) as ConfirmUploadReply
    expect(confirmed).toMatchObject({ key: reply.key, size: 6, type: 'text/plain' })
    expect(confirmed.serverData).toEqual({ rows: rows.size })
  })

  it('refuses a key that is not there (404), another size (422, deleted), another user\'s key (403)', async () => {
    const missing = await server.post({ operation: 'confirmUpload', key: `${PREFIX}0b7e7a4c-1111-4222-8333-444455556666/x`, size: 1, etag: `"${'a'.repeat(32)}"` })
    expect([missing.status, await errorCode(missing)]).toEqual([404, 'UPLOAD_NOT_FOUND'])
    const reply = await signPut('sized')
    await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: 'sized' })
    const etag = `"${md5('sized').toString('hex')}"`
    const foreign = await server.post({ operation: 'confirmUpload', key: reply.key.replace(PREFIX, 'someone-else/'), size: 5, etag })
    expect([foreign.status, await errorCode(foreign)]).toEqual([403, 'KEY_OUTSIDE_PREFIX'])
    const resized = await server.post({ operation: 'confirmUpload', key: reply.key, size: 6, etag })
    expect([resized.status, await errorCode(resized)]).toEqual([422, 'UPLOAD_MISMATCH'])
    expect(await exists(reply.key)).toBe(false)
  })
})

describe('routes in one handler', () => {
  it('apply their own limits, types and prefixes; an unknown route is 400 UNKNOWN_ROUTE', async () => {
    const image = (size: number) => ({ name: 'a.png', size, type: 'image/png', md5: md5('x').toString('base64') })
    const avatar = await server.post({ operation: 'putObject', file: image(1000), route: 'avatar' })
    expect(((await avatar.json()) as PutObjectReply).key.startsWith(`${PREFIX}avatars/`)).toBe(true)
    const big = await server.post({ operation: 'putObject', file: image(2000), route: 'avatar' })
    expect([big.status, await errorCode(big)]).toEqual([413, 'FILE_TOO_LARGE'])
    const doc = await server.post({ operation: 'putObject', file: { ...image(2000), type: 'application/pdf' }, route: 'documents' })
    expect(((await doc.json()) as PutObjectReply).key.startsWith(`${PREFIX}docs/`)).toBe(true)
    const imageAsDoc = await server.post({ operation: 'putObject', file: image(10), route: 'documents' })
    expect(await errorCode(imageAsDoc)).toBe('CONTENT_TYPE_NOT_ALLOWED')
    const unknown = await server.post({ operation: 'putObject', file: image(10), route: 'banner' })
    expect([unknown.status, await errorCode(unknown)]).toEqual([400, 'UNKNOWN_ROUTE'])
  })
})

const fetchTransport: StorageTransport = async (request) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal: request.signal })
  const text = await response.text()
  return { status: response.status, header: (name) => response.headers.get(name), text }
}

function nodeContext(endpoint: string, headers: Record<string, string> = { authorization: 'Bearer bad-input-token' }): TransferContext {
  return {
    cache: new SigningCache(createBatchingClient({ endpoint, headers }, { windowMs: 0 }), 32),
    transport: fetchTransport,
    retry: resolveRetryOptions({ baseDelayMs: 1, maxDelayMs: 5 }),
    checksum: true,
    confirm: true,
    hasher: createMd5Hasher(),
    requests: new Limiter(6),
    clock: systemClock,
  }
}

describe('ListParts beyond 1000 parts', () => {
  it('reads every page of an upload with 1001 parts from RGW', async () => {
    const Bucket = inject('rgw').bucket
    // A key as the handler makes it (layout and creation time bound in: 1001 parts of 5 MiB);
    // parts sent with the SDK (S3 checks part sizes only at Complete).
    const layout = { size: 1000 * 5 * 1024 * 1024 + 1, partSize: 5 * 1024 * 1024, createdAt: Math.floor(Date.now() / 1000) }
    const Key = `${PREFIX}0b7e7a4c-1111-4222-8333-444455556666${bindingSuffix(layout)}/many.bin`
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }))
    const numbers = Array.from({ length: 1001 }, (_, i) => i + 1)
    for (let start = 0; start < numbers.length; start += 50) {
      await Promise.all(numbers.slice(start, start + 50).map((PartNumber) =>
        s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: Buffer.from([PartNumber % 256]) }))))
    }
    const parts = await listAllParts(nodeContext(server.url), { key: Key, uploadId: UploadId! }, new AbortController().signal)
    expect(parts.map((part) => part.partNumber)).toEqual(numbers)
    expect(parts.at(-1)).toMatchObject({ size: 1, etag: `"${md5(Buffer.from([1001 % 256])).toString('hex')}"` })
  }, 120_000)
})

describe('object settings signed per route', () => {
  it('land on the object as the server chose them', async () => {
    const body = '%PDF-1.4 tiny'
    const file = { name: 'Résumé 2026.pdf', size: body.length, type: 'application/pdf', md5: md5(body).toString('base64') }
    const reply = (await (await server.post({ operation: 'putObject', file, route: 'documents' })).json()) as PutObjectReply
    // Another disposition than signed is refused: the browser cannot change the settings.
    const changed = await fetch(reply.url, { method: 'PUT', headers: { ...reply.headers, 'content-disposition': 'inline' }, body })
    expect(changed.status).toBe(403)
    expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body })).status).toBe(200)
    const Bucket = inject('rgw').bucket
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: reply.key }))
    expect(head.CacheControl).toBe('private, max-age=31536000, immutable')
    expect(head.ContentDisposition).toBe(`attachment; filename="Resume 2026.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf`)
    expect(head.Metadata).toEqual({ 'uploaded-by': '42' })
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: reply.key }))
    expect(tags.TagSet).toEqual([{ Key: 'kind', Value: 'document' }])
  })

  it('metadata is a signed header: another value is refused (query-signed, RGW 16 stored "evil,42")', async () => {
    const body = '%PDF-1.4 meta'
    const file = { name: 'm.pdf', size: body.length, type: 'application/pdf', md5: md5(body).toString('base64') }
    const reply = (await (await server.post({ operation: 'putObject', file, route: 'documents' })).json()) as PutObjectReply
    expect(reply.headers['x-amz-meta-uploaded-by']).toBe('42')
    const forged = await fetch(reply.url, { method: 'PUT', headers: { ...reply.headers, 'x-amz-meta-uploaded-by': 'evil' }, body })
    expect(forged.status).toBe(403)
    expect(await exists(reply.key)).toBe(false)
  })
})

/** Two handler instances behind a round-robin proxy that loses the answer of the first confirm. */
async function roundRobin(targets: string[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0
  let lostOne = false
  const proxy: Server = createServer((req, res) => {
    const target = new URL(targets[next++ % targets.length]!)
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
        const confirm = body.includes('"confirmUpload"')
        if (confirm && !lostOne) {
          lostOne = true
          answer.resume()
          answer.on('end', () => res.destroy()) // the handler did its work; its answer never arrives
          return
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      upstream.end(body)
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api/s3`,
    close: () => new Promise((resolve) => {
      proxy.closeAllConnections()
      proxy.close(() => resolve())
    }),
  }
}

describe('a lost confirm answer, two handler instances behind a round-robin proxy', () => {
  it('leaves exactly one row per landed file in the host database', async () => {
    const database = new Map<string, { key: string; size: number }>()
    // The host's write is an upsert on idempotencyKey: the retried confirm lands on the other instance.
    const onUploadComplete = ({ key, size, idempotencyKey }: UploadCompleteEvent) => {
      database.set(idempotencyKey, { key, size })
      return { saved: database.size }
    }
    const instances = [await startSigningServer({ keyPrefix: PREFIX, onUploadComplete }), await startSigningServer({ keyPrefix: PREFIX, onUploadComplete })]
    const proxy = await roundRobin(instances.map((instance) => instance.url))
    try {
      const context = nodeContext(proxy.url)
      const landed: string[] = []
      for (const text of ['first file', 'second file']) {
        const reply = await signPut(text)
        expect((await fetch(reply.url, { method: 'PUT', headers: reply.headers, body: text })).status).toBe(200)
        const file = { name: 'n.txt', size: text.length, type: 'text/plain' }
        const confirmed = await confirmTransfer(context, file, { key: reply.key, location: '', etag: `"${md5(text).toString('hex')}"` }, new AbortController().signal)
        expect(confirmed.serverData).toBeDefined()
        landed.push(reply.key)
      }
      expect([...database.values()].map((row) => row.key).sort()).toEqual(landed.sort())
    } finally {
      await proxy.close()
      for (const instance of instances) await instance.close()
    }
  })
})
