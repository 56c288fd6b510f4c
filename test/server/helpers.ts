import { S3Client } from '@aws-sdk/client-s3'
import { createPresignHandler, createS3Client, type PresignHandlerOptions, type PresignRoutes } from '../../src/server/index.js'
import { bindingSuffix, type PartLayout } from '../../src/server/part-layout.js'

// Presigning is offline: nothing listens on port 9, and nothing needs to.
export const FAKE_ENDPOINT = 'http://127.0.0.1:9'
export const BUCKET = 'test-bucket'
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/

const clients: S3Client[] = []

const CLIENT_CONFIG = {
  endpoint: FAKE_ENDPOINT,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
}

function track(s3: S3Client): S3Client {
  clients.push(s3)
  return s3
}

export function makeS3(): S3Client {
  return track(createS3Client(CLIENT_CONFIG))
}

/** A client left at the SDK defaults, as a host app might pass in. */
export function makeDefaultS3(): S3Client {
  return track(new S3Client(CLIENT_CONFIG))
}

/** Call from afterAll: an undestroyed client keeps sockets and timers alive. */
export function destroyClients(): void {
  for (const s3 of clients.splice(0)) s3.destroy()
}

/**
 * A handler for tests of everything but the checksum policy: `requireChecksum` is off unless
 * overridden, so bodies without `md5` are signed (test/server/checksum.test.ts tests the policy).
 */
export function makeHandler<const Routes extends PresignRoutes = PresignRoutes>(
  overrides: Partial<PresignHandlerOptions> & { routes?: Routes } = {},
) {
  return createPresignHandler<Routes>({ s3: makeS3(), bucket: BUCKET, authorize: () => true, requireChecksum: false, ...overrides })
}

export function jsonRequest(body: unknown, init: RequestInit = {}): Request {
  return new Request('http://app.test/api/s3', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  })
}

export interface ErrorBody {
  error: { code: string; message: string }
}

export async function errorOf(response: Response): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody
  return body.error
}

export function query(url: string): URLSearchParams {
  return new URL(url).searchParams
}

export function signedHeaders(url: string): string[] {
  return (query(url).get('X-Amz-SignedHeaders') ?? '').split(';')
}

/** The object key, decoded from a path-style URL (`/bucket/key`). */
export function keyFromUrl(url: string): string {
  const path = new URL(url).pathname
  const prefix = `/${BUCKET}/`
  if (!path.startsWith(prefix)) throw new Error(`not a path-style URL for ${BUCKET}: ${path}`)
  return path.slice(prefix.length).split('/').map(decodeURIComponent).join('/')
}

export const smallFile = { name: 'photo.png', size: 1234, type: 'image/png' }

/** A key as the handler makes it for a multipart upload (with its layout bound in), via createMultipartUpload. */
export async function multipartKeyFrom(
  handler: (request: Request) => Promise<Response>,
  file: { name: string; size: number; type: string },
  partSize = 5 * 1024 * 1024,
): Promise<string> {
  const response = await handler(jsonRequest({ operation: 'createMultipartUpload', file, partSize }))
  if (response.status !== 200) throw new Error(`createMultipartUpload answered ${response.status}: ${await response.text()}`)
  return ((await response.json()) as { key: string }).key
}

/**
 * A multipart key with its layout and creation time bound in, as createMultipartUpload
 * makes it (fixed id, for readable tests). Created now unless `createdAt` (Unix seconds) says otherwise.
 */
export function boundKey(
  prefix: string,
  name: string,
  layout: PartLayout = { size: 12 * 1024 * 1024 + 5, partSize: 5 * 1024 * 1024 },
  createdAt = Math.floor(Date.now() / 1000),
): string {
  return `${prefix}0b7e7a4c-1111-4222-8333-444455556666${bindingSuffix({ ...layout, createdAt })}/${name}`
}
