import { randomBytes } from 'node:crypto'
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { inject } from 'vitest'
import type {
  CreateMultipartUploadReply,
  MultipartCallReply,
  PutObjectReply,
  SignPartsReply,
} from '../../../src/protocol/messages.js'
import { PUBLIC_ACCESS_BLOCK, uploadBucketPolicy } from '../../../src/cli/store-settings.js'
// @ts-expect-error plain ESM script without types, shared with bench/
import { emptyBucket } from '../../../tools/rgw/rgw.mjs'
import { startSigningServer, uploadIdOf, type SigningServer } from './signing-server.js'

/**
 * A bucket of its own per attack file (the run's RGW is shared, and a bucket policy must not
 * leak into other files), and the handler configured like the README's per-user example.
 */

export const MiB = 1024 * 1024

export async function createBucket(s3: S3Client, label: string, hardened: boolean): Promise<string> {
  const bucket = `${label}-${randomBytes(4).toString('hex')}`
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  if (hardened) await hardenBucket(s3, bucket)
  return bucket
}

/** What docs/providers.md tells RGW users to apply: the bucket policy, then the public access block. */
export async function hardenBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(uploadBucketPolicy(bucket)) }))
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK }))
}

export async function removeBucket(s3: S3Client, bucket: string): Promise<void> {
  await emptyBucket({ ...inject('rgw'), bucket })
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }))
}

/** The README's per-user handler: `authorize` returns `{ allow: true, keyPrefix: 'users/<id>/' }`. */
export function startPerUserServer(bucket: string, options: Parameters<typeof startSigningServer>[0] = {}) {
  return startSigningServer({
    bucket,
    authorize: (request) => {
      const user = /^Bearer user-(\d+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
      return user ? { allow: true, keyPrefix: `users/${user}/` } : { allow: false, status: 401 }
    },
    // The attacks sign bodies without MD5s; trust.e2e.test.ts tests the checksum policy.
    requireChecksum: false,
    ...options,
  })
}

export interface SignedInUser {
  post(body: unknown): Promise<Response>
  signPut(file: { name: string; size: number; type: string }): Promise<PutObjectReply>
  createUpload(file: { name: string; size: number; type: string }, partSize?: number): Promise<CreateMultipartUploadReply>
  signParts(key: string, uploadId: string, partNumbers: number[]): Promise<SignPartsReply['parts']>
  call(operation: 'listParts' | 'completeMultipartUpload', key: string, uploadId: string): Promise<MultipartCallReply>
}

async function okJson<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`signing endpoint answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}

export function signedIn(server: SigningServer, id: number): SignedInUser {
  const post = (body: unknown) => server.post(body, { headers: { authorization: `Bearer user-${id}` } })
  return {
    post,
    signPut: async (file) => okJson(await post({ operation: 'putObject', file })),
    createUpload: async (file, partSize) =>
      okJson(await post({ operation: 'createMultipartUpload', file, ...(partSize === undefined ? {} : { partSize }) })),
    signParts: async (key, uploadId, partNumbers) =>
      (await okJson<SignPartsReply>(await post({ operation: 'signParts', key, uploadId, partNumbers }))).parts,
    call: async (operation, key, uploadId) => okJson(await post({ operation, key, uploadId })),
  }
}

/** Starts a multipart upload at the store through the signed create URL (with any extra headers). */
export async function startUpload(created: CreateMultipartUploadReply, extraHeaders: Record<string, string> = {}): Promise<string> {
  const response = await fetch(created.url, { method: 'POST', headers: { ...created.headers, ...extraHeaders } })
  return uploadIdOf(await response.text())
}

export async function completeUpload(user: SignedInUser, key: string, uploadId: string, etags: string[]): Promise<Response> {
  const complete = await user.call('completeMultipartUpload', key, uploadId)
  const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`
  return fetch(complete.url, { method: 'POST', body: xml })
}

/** The parts the store holds for an upload, as its ListParts answers through the signed URL. */
export async function storedParts(user: SignedInUser, key: string, uploadId: string): Promise<number[]> {
  const listed = await user.call('listParts', key, uploadId)
  const xml = await (await fetch(listed.url)).text()
  return [...xml.matchAll(/<Size>(\d+)<\/Size>/g)].map((match) => Number(match[1]))
}

/** The CopyPartResult's ETag, for completing an upload whose part the store copied. */
export function copiedETag(xml: string): string | undefined {
  return /<ETag>([^<]+)<\/ETag>/.exec(xml)?.[1]?.replaceAll('&quot;', '"')
}

/** The body of an object the signing credentials may not read. */
export const UNREADABLE = '(AccessDenied to the bucket owner)'

export interface StoredObject {
  key: string
  size: number
  contentType: string | undefined
  body: string
  /** The status of a GET without any signature. */
  anonymousStatus: number
}

/** Every object under `prefix`, with its bytes and whether it can be read without a signature. */
export async function objectsUnder(s3: S3Client, bucket: string, prefix: string): Promise<StoredObject[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))
  const objects: StoredObject[] = []
  for (const { Key, Size } of listed.Contents ?? []) {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key })).catch((error: unknown) => {
      // An ACL header can take the object away from its own bucket's owner, too.
      if (error instanceof Error && error.name === 'AccessDenied') return undefined
      throw error
    })
    const anonymous = await fetch(`${inject('rgw').endpoint}/${bucket}/${encodeURIComponent(Key!).replaceAll('%2F', '/')}`)
    await anonymous.body?.cancel()
    objects.push({
      key: Key!,
      size: Size ?? -1,
      contentType: got?.ContentType,
      body: got ? await got.Body!.transformToString() : UNREADABLE,
      anonymousStatus: anonymous.status,
    })
  }
  return objects
}

export async function uploadsUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))
  return (listed.Uploads ?? []).map((upload) => upload.UploadId!)
}
