import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3'
import { inject } from 'vitest'
import {
  createPresignHandler,
  createS3Client,
  toNodeHandler,
  type PresignHandlerOptions,
} from '../../../src/server/index.js'

export const TOKEN = 'bad-input-token'

export interface SigningServer {
  url: string
  /** POSTs a JSON body (or the raw body and headers given) with the test's auth header. */
  post(body: unknown, init?: { headers?: Record<string, string>; raw?: BodyInit }): Promise<Response>
  close(): Promise<void>
}

/** The real handler behind the Node adapter on 127.0.0.1, signing for the test's RGW. */
export async function startSigningServer(options: Partial<PresignHandlerOptions>): Promise<SigningServer> {
  const { endpoint, region, accessKeyId, secretAccessKey, bucket } = inject('rgw')
  const s3 = createS3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } })
  const handler = createPresignHandler({
    s3,
    bucket,
    authorize: (request) => request.headers.get('authorization') === `Bearer ${TOKEN}`,
    ...options,
  })
  const server: Server = createServer(toNodeHandler(handler))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/s3`
  return {
    url,
    post(body, init = {}) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...init.headers }
      return fetch(url, { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) })
    },
    async close() {
      s3.destroy()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** Every object and unfinished multipart upload under `prefix`, as the store reports them. */
export async function storeContents(s3: S3Client, prefix: string) {
  const Bucket = inject('rgw').bucket
  const objects = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix }))
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: prefix }))
  return {
    objects: (objects.Contents ?? []).map(({ Key, Size }) => ({ key: Key, size: Size })),
    uploads: (uploads.Uploads ?? []).map(({ Key, UploadId }) => ({ key: Key, uploadId: UploadId })),
  }
}

export async function abortUploads(s3: S3Client, prefix: string): Promise<void> {
  const Bucket = inject('rgw').bucket
  for (const { key, uploadId } of (await storeContents(s3, prefix)).uploads) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }))
  }
}

export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } }
  return body.error?.code ?? `(no code, status ${response.status})`
}

export function uploadIdOf(xml: string): string {
  const match = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)
  if (!match?.[1]) throw new Error(`No UploadId in ${xml}`)
  return match[1]
}
