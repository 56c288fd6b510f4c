import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { expect } from 'vitest'
import type {
  BatchReply,
  CreateMultipartUploadReply,
  GetObjectsReply,
  MultipartCallReply,
  PutObjectReply,
  SignPartsReply,
  SignedObjectUrl,
} from '../../../src/protocol/messages.js'
import STORE from '../apps/store.json' with { type: 'json' }

/**
 * Sends every operation of the protocol to a handler running elsewhere (another
 * runtime, a framework) and checks each URL it returns against what the AWS
 * SDK's getSignedUrl, here in Node, gives for the same inputs at the same
 * signing date (read from the URL's X-Amz-Date).
 */

const s3 = new S3Client({
  region: STORE.region,
  credentials: { accessKeyId: STORE.accessKeyId, secretAccessKey: STORE.secretAccessKey },
  // As createS3Client configures the handler's client (the SDK's defaults would add checksum parameters).
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
})
const Bucket = STORE.bucket
const MiB = 1024 * 1024
const SIGN_CONTENT_TYPE = new Set(['content-type'])

type Command =
  | PutObjectCommand | CreateMultipartUploadCommand | UploadPartCommand | ListPartsCommand
  | CompleteMultipartUploadCommand | AbortMultipartUploadCommand | GetObjectCommand

async function expectSdkUrl(url: string, command: Command, signContentType = false): Promise<void> {
  const params = new URL(url).searchParams
  const longDate = params.get('X-Amz-Date') ?? ''
  const signingDate = new Date(longDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))
  // The runtime's clock is the real one, not a stub.
  expect(Math.abs(signingDate.getTime() - Date.now())).toBeLessThan(5 * 60_000)
  const expiresIn = Number(params.get('X-Amz-Expires'))
  // getSignedUrl's type parameters do not infer through a union of commands; any one of them is what it takes.
  const expected = await getSignedUrl(s3, command as PutObjectCommand, {
    signingDate,
    expiresIn,
    ...(signContentType ? { signableHeaders: SIGN_CONTENT_TYPE } : {}),
  })
  expect(url).toBe(expected)
}

function expectExpiry(reply: { url: string; expiresAt: string }): void {
  const params = new URL(reply.url).searchParams
  const date = (params.get('X-Amz-Date') ?? '').replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')
  expect(Date.parse(reply.expiresAt) - Date.parse(date)).toBe(Number(params.get('X-Amz-Expires')) * 1000)
}

export async function post<T>(endpoint: string, body: unknown, authorization = STORE.authorization): Promise<{ status: number; body: T }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  try {
    return { status: response.status, body: JSON.parse(text) as T }
  } catch {
    throw new Error(`${endpoint} answered ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`)
  }
}

async function ok<T>(endpoint: string, body: unknown): Promise<T> {
  const reply = await post<T>(endpoint, body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body
}

const photo = { name: 'photo 東京.png', size: 1234, type: 'image/png' }
// 12 MiB in 5 MiB parts: parts 1 and 2 are 5 MiB, part 3 is 2 MiB; each part URL signs its exact length.
const scan = { name: 'scan.pdf', size: 12 * MiB, type: 'application/pdf' }
const partSize = 5 * MiB
const uploadId = 'runtime-upload-id~/+='

async function checkPut(reply: PutObjectReply): Promise<void> {
  expect(reply.method).toBe('PUT')
  expect(reply.key).toMatch(/^uploads\/[0-9a-f-]{36}\/photo 東京\.png$/)
  expectExpiry(reply)
  const command = new PutObjectCommand({ Bucket, Key: reply.key, ContentType: photo.type, ContentLength: photo.size })
  await expectSdkUrl(reply.url, command, true)
}

async function checkParts(key: string, reply: SignPartsReply, partNumbers: number[]): Promise<void> {
  expect(reply.parts.map((part) => part.partNumber)).toEqual(partNumbers)
  for (const part of reply.parts) {
    expect(part.method).toBe('PUT')
    expectExpiry(part)
    const length = Math.min(partSize, scan.size - (part.partNumber - 1) * partSize)
    const command = new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: part.partNumber, ContentLength: length })
    await expectSdkUrl(part.url, command)
  }
}

/** Every operation, one request each (and a batch of them), every URL checked. */
export async function expectEveryOperationSigned(endpoint: string): Promise<void> {
  await checkPut(await ok<PutObjectReply>(endpoint, { operation: 'putObject', file: photo }))

  const created = await ok<CreateMultipartUploadReply>(endpoint, { operation: 'createMultipartUpload', file: scan, partSize })
  expect(created.method).toBe('POST')
  expectExpiry(created)
  await expectSdkUrl(created.url, new CreateMultipartUploadCommand({ Bucket, Key: created.key, ContentType: scan.type }), true)
  const ref = { key: created.key, uploadId }
  const sdkRef = { Bucket, Key: created.key, UploadId: uploadId }

  await checkParts(created.key, await ok<SignPartsReply>(endpoint, { operation: 'signParts', ...ref, partNumbers: [1, 2, 3] }), [1, 2, 3])

  const calls = [
    ['listParts', 'GET', new ListPartsCommand(sdkRef)],
    ['completeMultipartUpload', 'POST', new CompleteMultipartUploadCommand(sdkRef)],
    ['abortMultipartUpload', 'DELETE', new AbortMultipartUploadCommand(sdkRef)],
  ] as const
  for (const [operation, method, command] of calls) {
    const reply = await ok<MultipartCallReply>(endpoint, { operation, ...ref })
    expect(reply.method).toBe(method)
    expectExpiry(reply)
    await expectSdkUrl(reply.url, command)
  }

  const keys = [created.key, 'uploads/0b7e7a4c-1111-4222-8333-444455556666/a b+c.txt']
  const disposition = 'attachment; filename="scan.pdf"'
  for (const extra of [{}, { responseContentDisposition: disposition }]) {
    const { objects } = await ok<GetObjectsReply>(endpoint, { operation: 'getObjects', keys, ...extra })
    expect(objects.map((object) => object.key)).toEqual(keys)
    for (const object of objects as SignedObjectUrl[]) {
      expectExpiry(object)
      const command = new GetObjectCommand({ Bucket, Key: object.key, ...('responseContentDisposition' in extra ? { ResponseContentDisposition: disposition } : {}) })
      await expectSdkUrl(object.url, command)
    }
  }

  const batch = await ok<BatchReply>(endpoint, {
    operation: 'batch',
    requests: [{ operation: 'putObject', file: photo }, { operation: 'signParts', ...ref, partNumbers: [3] }],
  })
  expect(batch.replies).toHaveLength(2)
  await checkPut(batch.replies[0] as PutObjectReply)
  await checkParts(created.key, batch.replies[1] as SignPartsReply, [3])
}

/** The handler's refusals arrive as the README says: 4xx JSON with a stable code. */
export async function expectRefusals(endpoint: string): Promise<void> {
  const unauthorized = await post<{ error: { code: string } }>(endpoint, { operation: 'putObject', file: photo }, 'Bearer wrong')
  expect(unauthorized.status).toBe(403)
  expect(unauthorized.body.error.code).toBe('FORBIDDEN')
  const tooLarge = await post<{ error: { code: string } }>(endpoint, { operation: 'putObject', file: { ...photo, size: 51 * MiB } })
  expect(tooLarge.status).toBe(413)
  expect(tooLarge.body.error.code).toBe('FILE_TOO_LARGE')
}
