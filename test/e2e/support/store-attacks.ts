import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll } from 'vitest'
import { completeUpload, createBucket, MiB, removeBucket, signedIn, startPerUserServer, startUpload, type SignedInUser } from './attack-bucket.js'
import { rgwClient } from './s3.js'
import type { SigningServer } from './signing-server.js'

/**
 * What a signed-in user of the README's per-user example can send the store with URLs the
 * handler signed for them, adding `x-amz-*` headers nobody signed (issue 12). Shared by the
 * hardened-bucket tests and the control tests that show RGW 16 honours every one of them.
 */

export const SECRET = 'private photo of user 2'
export const OTHER_KEY = 'private/page.html'
/** 20 MiB of text/html in another bucket the signing credentials can read. */
export const OTHER_BODY_SIZE = 20 * MiB
const ALL_USERS = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"'

export const png = (name: string, size: number) => ({ name, size, type: 'image/png' })

export interface AttackScene {
  s3: S3Client
  server: SigningServer
  bucket: string
  other: string
  /** User 2's private object in `bucket`. */
  secretKey: string
  /** A fresh user per test, so each test checks a prefix nothing else wrote to. */
  nextUser(): { user: SignedInUser; prefix: string }
}

let lastUser = 100

/** User 2's object in `bucket`, an HTML page in `other`, and the per-user handler on `bucket`. */
export async function setUpScene(s3: S3Client, server: SigningServer, bucket: string, other: string): Promise<AttackScene> {
  const owner = signedIn(server, 2)
  const signed = await owner.signPut({ name: 'secret.png', size: SECRET.length, type: 'image/png' })
  const put = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: SECRET })
  if (put.status !== 200) throw new Error(`user 2's upload failed with ${put.status}`)
  await s3.send(new PutObjectCommand({ Bucket: other, Key: OTHER_KEY, ContentType: 'text/html', Body: '<p>'.padEnd(OTHER_BODY_SIZE, 'x') }))
  return {
    s3, server, bucket, other, secretKey: signed.key,
    nextUser() {
      lastUser += 1
      return { user: signedIn(server, lastUser), prefix: `users/${lastUser}/` }
    },
  }
}

/** A PUT through a putObject URL signed for `size` bytes of image/png, with headers added. */
export async function putWith(user: SignedInUser, size: number, headers: Record<string, string>, body?: string) {
  const signed = await user.signPut(png('photo.png', size))
  const response = await fetch(signed.url, { method: 'PUT', headers: { ...signed.headers, ...headers }, ...(body === undefined ? {} : { body }) })
  await response.body?.cancel()
  return { key: signed.key, status: response.status }
}

type PutAttack = (scene: AttackScene, user: SignedInUser) => Promise<{ key: string; status: number }>

/** Attacks through one putObject URL: the store must refuse each (403) and keep nothing. */
export const PUT_ATTACKS = {
  'x-amz-copy-source on a 0-byte putObject URL (CopyObject)': (scene, user) =>
    putWith(user, 0, { 'x-amz-copy-source': `/${scene.bucket}/${scene.secretKey}` }),
  'x-amz-copy-source on a 5-byte URL with a 5-byte body (CopyObject)': (scene, user) =>
    putWith(user, 5, { 'x-amz-copy-source': `/${scene.bucket}/${scene.secretKey}` }, 'hello'),
  'x-amz-copy-source from another bucket (20 MiB text/html into 5 bytes of image/png)': (scene, user) =>
    putWith(user, 5, { 'x-amz-copy-source': `/${scene.other}/${OTHER_KEY}` }, 'hello'),
  'x-amz-acl: public-read': (_scene, user) => putWith(user, 5, { 'x-amz-acl': 'public-read' }, 'hello'),
  'x-amz-acl: public-read-write': (_scene, user) => putWith(user, 5, { 'x-amz-acl': 'public-read-write' }, 'hello'),
  'x-amz-acl: authenticated-read': (_scene, user) => putWith(user, 5, { 'x-amz-acl': 'authenticated-read' }, 'hello'),
  'x-amz-grant-read: AllUsers': (_scene, user) => putWith(user, 5, { 'x-amz-grant-read': ALL_USERS }, 'hello'),
  'x-amz-grant-full-control: AllUsers': (_scene, user) => putWith(user, 5, { 'x-amz-grant-full-control': ALL_USERS }, 'hello'),
} satisfies Record<string, PutAttack>

/** An honest 5 MiB + 1 upload in two parts, started with `createHeaders` added to the create URL. */
export async function multipartWith(user: SignedInUser, createHeaders: Record<string, string>) {
  const size = 5 * MiB + 1
  const created = await user.createUpload(png('photo.png', size), 5 * MiB)
  const uploadId = await startUpload(created, createHeaders)
  const parts = await user.signParts(created.key, uploadId, [1, 2])
  const etags: string[] = []
  for (const [part, length] of [[parts[0]!, 5 * MiB], [parts[1]!, 1]] as const) {
    const response = await fetch(part.url, { method: 'PUT', body: Buffer.alloc(length, 'm') })
    etags.push(response.headers.get('etag') ?? '')
  }
  const done = await completeUpload(user, created.key, uploadId, etags)
  await done.body?.cancel()
  return { key: created.key, size, status: done.status }
}

/** ACL headers added to a createMultipartUpload URL: RGW 16 applies them and no policy condition sees them. */
export const MULTIPART_ACL_ATTACKS = {
  'x-amz-acl: public-read on createMultipartUpload': { 'x-amz-acl': 'public-read' },
  'x-amz-grant-read: AllUsers on createMultipartUpload': { 'x-amz-grant-read': ALL_USERS },
} satisfies Record<string, Record<string, string>>

export interface AttackBuckets {
  readonly s3: S3Client
  readonly scene: AttackScene
}

/**
 * Before the file's tests: an RGW client, a bucket (`hardened`: with the documented settings)
 * and an open one beside it, the per-user signing server, and the scene; all removed after.
 */
export function useAttackBuckets(label: string, hardened: boolean): AttackBuckets {
  let s3: S3Client | undefined
  let server: SigningServer | undefined
  let scene: AttackScene | undefined
  const buckets: string[] = []
  beforeAll(async () => {
    s3 = rgwClient()
    const bucket = await createBucket(s3, label, hardened)
    const other = await createBucket(s3, `${label}-other`, false)
    buckets.push(bucket, other)
    server = await startPerUserServer(bucket)
    scene = await setUpScene(s3, server, bucket, other)
  })
  afterAll(async () => {
    await server?.close()
    for (const bucket of buckets) await removeBucket(s3!, bucket)
    s3?.destroy()
  })
  return {
    get s3() {
      return s3!
    },
    get scene() {
      return scene!
    },
  }
}
