import { describe, expect, it, vi } from 'vitest'
import type { CreateMultipartUploadReply, GetObjectsReply } from '../../src/protocol/messages.js'
import {
  completeUpload,
  copiedETag,
  MiB,
  objectsUnder,
  signedIn,
  startPerUserServer,
  startUpload,
  storedParts,
  uploadsUnder,
  type SignedInUser,
  UNREADABLE,
} from './support/attack-bucket.js'
import {
  MULTIPART_ACL_ATTACKS,
  multipartWith,
  OTHER_KEY,
  png,
  PUT_ATTACKS,
  putWith,
  SECRET,
  useAttackBuckets,
} from './support/store-attacks.js'

// Issue 12: a signed-in user of the README's per-user example adds unsigned `x-amz-*` headers
// to URLs the handler signed for them. Against Ceph RGW 16 with the bucket settings of
// docs/providers.md (src/cli/store-settings.ts) in place, each attack is refused or grants
// nothing, and afterwards the user's prefix holds exactly their honest uploads: nothing
// readable without a signature, nothing copied, nothing larger than declared.

const env = useAttackBuckets('attacks', true)

interface Honest {
  key: string
  size: number
  /** The first bytes, enough to tell a copied object from the user's own. */
  start: string
}

/** The prefix holds exactly `honest`, as image/png, none of it readable without a signature. */
async function expectOnly(prefix: string, honest: Honest[]) {
  const stored = await objectsUnder(env.s3, env.scene.bucket, prefix)
  const summary = (objects: Array<Honest & { contentType?: string; anonymousStatus?: number }>) =>
    objects.map(({ key, size, start, contentType = 'image/png', anonymousStatus = 403 }) => ({ key, size, start: start.slice(0, 24), contentType, anonymousStatus }))
      .sort((a, b) => a.key.localeCompare(b.key))
  expect(summary(stored.map((object) => ({ ...object, start: object.body })))).toEqual(summary(honest))
}

describe('with the documented bucket policy, RGW refuses unsigned x-amz-* headers on a putObject URL', () => {
  it.each(Object.entries(PUT_ATTACKS))('%s', async (_name, attack) => {
    const { user, prefix } = env.scene.nextUser()
    const { status } = await attack(env.scene, user)
    expect(status).toBe(403)
    await expectOnly(prefix, [])
  })

  it('still takes the plain upload, and getObjects reads it back', async () => {
    const { user, prefix } = env.scene.nextUser()
    const { key, status } = await putWith(user, 5, {}, 'hello')
    expect(status).toBe(200)
    const reply = (await (await user.post({ operation: 'getObjects', keys: [key] })).json()) as GetObjectsReply
    const read = reply.objects[0]
    expect(read && 'url' in read ? await (await fetch(read.url)).text() : read).toBe('hello')
    await expectOnly(prefix, [{ key, size: 5, start: 'hello' }])
  })
})

describe('with the public access block, an ACL sent to a createMultipartUpload URL grants nothing', () => {
  // RGW 16 applies these ACLs and no bucket policy condition sees them; IgnorePublicAcls voids
  // the public grants. A grant header replaces the owner's own grant, so with it the user can
  // only lock their own upload away from the app.
  it.each([
    ['x-amz-acl: public-read on createMultipartUpload', 'm'.repeat(24)],
    ['x-amz-grant-read: AllUsers on createMultipartUpload', UNREADABLE],
  ] as const)('%s', async (name, start) => {
    const { user, prefix } = env.scene.nextUser()
    const { key, size, status } = await multipartWith(user, MULTIPART_ACL_ATTACKS[name])
    expect(status).toBe(200)
    await expectOnly(prefix, [{ key, size, start }])
  })

  it('still takes a plain multipart upload', async () => {
    const { user, prefix } = env.scene.nextUser()
    const { key, size, status } = await multipartWith(user, {})
    expect(status).toBe(200)
    await expectOnly(prefix, [{ key, size, start: 'm'.repeat(24) }])
  })
})

/** UploadPartCopy: a part URL with `x-amz-copy-source` and whatever body the signed length wants. */
async function copyIntoPart(url: string, source: string, body?: BodyInit) {
  const response = await fetch(url, { method: 'PUT', headers: { 'x-amz-copy-source': source }, ...(body === undefined ? {} : { body }) })
  return { status: response.status, xml: await response.text() }
}

/** Creates, copies a part from `source`, completes: every step stops at the first refusal. */
async function zeroOrUnboundPartCopy(user: SignedInUser, source: string, partSize: number | undefined, declared: number) {
  const created = await user.post({ operation: 'createMultipartUpload', file: png('photo.png', declared), ...(partSize ? { partSize } : {}) })
  if (!created.ok) return
  const reply = (await created.json()) as CreateMultipartUploadReply
  const uploadId = await startUpload(reply)
  const signed = await user.post({ operation: 'signParts', key: reply.key, uploadId, partNumbers: [1] })
  if (!signed.ok) return
  const [part] = ((await signed.json()) as { parts: Array<{ url: string }> }).parts
  const { status, xml } = await copyIntoPart(part!.url, source)
  if (status !== 200) return
  const done = await completeUpload(user, reply.key, uploadId, [copiedETag(xml) ?? ''])
  await done.body?.cancel()
}

describe('UploadPartCopy (no bucket policy condition reaches it on RGW 16)', () => {
  it('is refused through part URLs whose length is signed, and the store keeps no part', async () => {
    const { user, prefix } = env.scene.nextUser()
    const created = await user.createUpload(png('photo.png', 5 * MiB + 1), 5 * MiB)
    const uploadId = await startUpload(created)
    const [first, last] = await user.signParts(created.key, uploadId, [1, 2])
    const source = `/${env.scene.bucket}/${env.scene.secretKey}`
    // RGW answers a copy whose request also carries the signed length with 400 RequestTimeout.
    expect((await copyIntoPart(last!.url, source, 'z')).status).toBeGreaterThanOrEqual(400)
    expect((await copyIntoPart(first!.url, `/${env.scene.other}/${OTHER_KEY}`, new Uint8Array(5 * MiB))).status).toBeGreaterThanOrEqual(400)
    expect(await storedParts(user, created.key, uploadId)).toEqual([])
    await expectOnly(prefix, [])
  })

  // Closed by the handler, not the store: it refuses createMultipartUpload for 0 bytes (small
  // files go by putObject). Before, the 0-byte upload's one part URL was signed for length 0,
  // the length of a copy request, and the upload completed as a copy of user 2's object.
  it('cannot copy into a declared 0-byte multipart upload', async () => {
    const { user, prefix } = env.scene.nextUser()
    await zeroOrUnboundPartCopy(user, `/${env.scene.bucket}/${env.scene.secretKey}`, 5 * MiB, 0)
    await expectOnly(prefix, [])
    expect(await uploadsUnder(env.s3, env.scene.bucket, prefix)).toEqual([])
  })

  // Closed by the handler: it never signs part URLs without a signed length (requirePartSize is
  // gone; before, the README's per-user example set no maxFileSize, so an upload could omit partSize).
  it('cannot copy 20 MiB from another bucket through an unbound part URL', async () => {
    const { user, prefix } = env.scene.nextUser()
    await zeroOrUnboundPartCopy(user, `/${env.scene.other}/${OTHER_KEY}`, undefined, 6 * MiB)
    await expectOnly(prefix, [])
  })
})

describe('replayed URLs (closed by the handler; RGW 16 has no setting for them)', () => {
  // Closed by the handler: the upload's creation time is bound into its key, and signParts and
  // completeMultipartUpload are refused after maxUploadAgeSeconds. Upload ids never expire on
  // RGW: a lifecycle rule (ABORT_INCOMPLETE_UPLOADS_RULE) bounds them on stores that run one.
  it('a replayed createMultipartUpload URL cannot complete over the object a day later', async () => {
    const { user, prefix } = env.scene.nextUser()
    const honest = await multipartWith(user, {})
    expect(honest.status).toBe(200)
    const created = await user.createUpload(png('photo.png', 5 * MiB + 1), 5 * MiB)
    const first = await startUpload(created)
    // Within the create URL's life, a replay gives a second upload id for the same key.
    const replayed = await startUpload(created)
    expect(replayed).not.toBe(first)
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 25 * 60 * 60 * 1000 })
    try {
      const parts = await user.post({ operation: 'signParts', key: created.key, uploadId: replayed, partNumbers: [1, 2] })
      const complete = await user.post({ operation: 'completeMultipartUpload', key: created.key, uploadId: replayed })
      expect([parts.status, complete.status].map((status) => status >= 400 && status < 500)).toEqual([true, true])
    } finally {
      vi.useRealTimers()
    }
    await expectOnly(prefix, [{ key: honest.key, size: honest.size, start: 'm'.repeat(24) }])
  })

  // Without objectSettings.preventOverwrite (the default) nothing stops the replay; with it,
  // RGW 16 answers 412 (the passing variant below; the bucket's CORS must allow If-None-Match).
  it.fails('a putObject URL replayed within its life does not overwrite the upload', async () => {
    const { user, prefix } = env.scene.nextUser()
    const signed = await user.signPut(png('photo.png', 5))
    const send = (body: string) => fetch(signed.url, { method: 'PUT', headers: signed.headers, body })
    expect((await send('hello')).status).toBe(200)
    await send('HACKD')
    await expectOnly(prefix, [{ key: signed.key, size: 5, start: 'hello' }])
  })
})

describe('replayed URLs with objectSettings.preventOverwrite (If-None-Match: * signed into PUT and Complete)', () => {
  /** The per-user handler with preventOverwrite, and a fresh user of it. */
  async function guardedUser() {
    const server = await startPerUserServer(env.scene.bucket, { objectSettings: { preventOverwrite: true } })
    const { prefix } = env.scene.nextUser()
    return { server, prefix, user: signedIn(server, Number(prefix.split('/')[1])) }
  }

  it('a putObject URL replayed within its life does not overwrite the upload: RGW 16 answers 412', async () => {
    const { server, prefix, user } = await guardedUser()
    try {
      const signed = await user.signPut(png('photo.png', 5))
      expect(signed.headers['if-none-match']).toBe('*')
      const send = (body: string) => fetch(signed.url, { method: 'PUT', headers: signed.headers, body })
      expect((await send('hello')).status).toBe(200)
      const replay = await send('HACKD')
      expect([replay.status, await replay.text()]).toEqual([412, expect.stringContaining('<Code>PreconditionFailed</Code>')])
      await expectOnly(prefix, [{ key: signed.key, size: 5, start: 'hello' }])
    } finally {
      await server.close()
    }
  })

  // States RGW 16's real behaviour, a known limit (docs/providers.md, Ceph RGW): it ignores
  // If-None-Match on CompleteMultipartUpload. Keys are unique per createMultipartUpload, so only
  // the key's own user can do this, with a second upload id from the create URL replayed
  // within its life, completed within maxUploadAgeSeconds. On AWS S3 the second Complete is a 412.
  it('RGW 16 ignores it on Complete: a second upload id for the key completes over the object', async () => {
    const { server, prefix, user } = await guardedUser()
    try {
      const size = 5 * MiB + 1
      const created = await user.createUpload(png('photo.png', size), 5 * MiB)
      const complete = async (uploadId: string, fill: string) => {
        const parts = await user.signParts(created.key, uploadId, [1, 2])
        const etags: string[] = []
        for (const [part, length] of [[parts[0]!, 5 * MiB], [parts[1]!, 1]] as const) {
          const response = await fetch(part.url, { method: 'PUT', headers: part.headers, body: Buffer.alloc(length, fill) })
          etags.push(response.headers.get('etag') ?? '')
        }
        const signed = await user.call('completeMultipartUpload', created.key, uploadId)
        expect(signed.headers['if-none-match']).toBe('*')
        const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`
        const response = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: xml })
        return { status: response.status, body: await response.text() }
      }
      const first = await startUpload(created)
      const replayed = await startUpload(created)
      expect((await complete(first, 'm')).status).toBe(200)
      const again = await complete(replayed, 'x')
      // AWS S3 would answer 412 PreconditionFailed here and keep the 'm' object.
      expect([again.status, again.body]).toEqual([200, expect.stringContaining('<CompleteMultipartUploadResult')])
      await expectOnly(prefix, [{ key: created.key, size, start: 'x'.repeat(24) }])
    } finally {
      await server.close()
    }
  })
})

it('leaves user 2 alone: their object is intact and not readable without a signature', async () => {
  const [secret] = await objectsUnder(env.s3, env.scene.bucket, env.scene.secretKey)
  expect(secret).toMatchObject({ body: SECRET, anonymousStatus: 403 })
})
