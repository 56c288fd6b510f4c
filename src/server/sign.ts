import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { FileDescriptor, HttpMethod, SignedRequest } from '../protocol/messages.js'
import type { FastPresigner, PresignSpec } from './fast-presigner.js'

/**
 * Presigning with the host's S3Client. Pure CPU work (HMACs), no request to S3,
 * so it stays fast as long as the client is created once and reused.
 */

export interface SigningContext {
  s3: S3Client
  bucket: string
  expiresIn: number
  /** One instant for the whole request, so `expiresAt` matches X-Amz-Date exactly. */
  signingDate: Date
  /** Signs without the SDK's per-call middleware stack; without it every URL goes through getSignedUrl. */
  presigner?: FastPresigner
}

// The presigner moves unsigned headers into the query string, where the store does not
// compare them with what the browser sends: Content-Type is only enforced when signed.
// `content-length` is signed without asking whenever the command has ContentLength.
const SIGN_CONTENT_TYPE = new Set(['content-type'])

const CHECKSUM_HEADER = /^x-amz-(?:checksum-|sdk-checksum-algorithm$)/i

function hasHeaders(request: unknown): request is { headers: Record<string, string> } {
  return typeof request === 'object' && request !== null && 'headers' in request &&
    typeof request.headers === 'object' && request.headers !== null
}

/**
 * An S3Client left at its default `requestChecksumCalculation: 'WHEN_SUPPORTED'` signs
 * `x-amz-checksum-crc32=AAAAAA==` (the CRC of an empty body) into PutObject/UploadPart URLs,
 * and strict stores then refuse every real body. Dropping those headers after the checksum
 * middleware (step build) and before the presigner (finalizeRequest) makes URLs right
 * whatever client the host passes in; `createS3Client` avoids the headers in the first place.
 */
function dropChecksumHeaders<Args extends { request: unknown }, Result>(
  next: (args: Args) => Promise<Result>,
): (args: Args) => Promise<Result> {
  return async (args) => {
    if (hasHeaders(args.request)) {
      for (const name of Object.keys(args.request.headers)) {
        if (CHECKSUM_HEADER.test(name)) delete args.request.headers[name]
      }
    }
    return next(args)
  }
}

const DROP_CHECKSUMS = { step: 'build', priority: 'low', name: 'presignedS3DropChecksumHeaders', override: true } as const

export function expiresAt(context: SigningContext): string {
  // X-Amz-Date has whole seconds and the store counts X-Amz-Expires from it.
  const signedAt = Math.floor(context.signingDate.getTime() / 1000) * 1000
  return new Date(signedAt + context.expiresIn * 1000).toISOString()
}

function presignOptions(context: SigningContext, signContentType: boolean) {
  return {
    expiresIn: context.expiresIn,
    signingDate: context.signingDate,
    ...(signContentType ? { signableHeaders: SIGN_CONTENT_TYPE } : {}),
  }
}

function signed(
  context: SigningContext,
  method: HttpMethod,
  url: string,
  headers: Record<string, string> = {},
): SignedRequest {
  return { method, url, headers, expiresAt: expiresAt(context) }
}

/** The fast path when the bucket allows it, else `viaSdk` (getSignedUrl on the command). */
async function presignUrl(context: SigningContext, spec: PresignSpec, viaSdk: () => Promise<string>): Promise<string> {
  const fast = await context.presigner?.presign(spec, context)
  return fast ?? viaSdk()
}

export async function signPutObject(
  context: SigningContext,
  key: string,
  file: FileDescriptor,
): Promise<SignedRequest> {
  const { bucket } = context
  // Both signed: the store refuses a body of any other type or length, so the size limit holds.
  const headers = { 'content-type': file.type, 'content-length': String(file.size) }
  const url = await presignUrl(
    context,
    { method: 'PUT', key, query: { 'x-id': 'PutObject' }, headers },
    () => {
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: file.type, ContentLength: file.size })
      command.middlewareStack.add(dropChecksumHeaders, DROP_CHECKSUMS)
      return getSignedUrl(context.s3, command, presignOptions(context, true))
    },
  )
  return signed(context, 'PUT', url, { 'content-type': file.type })
}

export async function signCreateMultipartUpload(
  context: SigningContext,
  key: string,
  file: FileDescriptor,
): Promise<SignedRequest> {
  const { bucket } = context
  const url = await presignUrl(
    context,
    { method: 'POST', key, query: { uploads: '' }, headers: { 'content-type': file.type } },
    () => {
      const command = new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: file.type })
      command.middlewareStack.add(dropChecksumHeaders, DROP_CHECKSUMS)
      return getSignedUrl(context.s3, command, presignOptions(context, true))
    },
  )
  return signed(context, 'POST', url, { 'content-type': file.type })
}

/** `contentLength`, when known (see part-layout.ts), is signed: the store refuses a part of any other length. */
export async function signUploadPart(
  context: SigningContext,
  key: string,
  uploadId: string,
  partNumber: number,
  contentLength?: number,
): Promise<SignedRequest & { partNumber: number }> {
  const { bucket } = context
  const headers: Record<string, string> = contentLength === undefined ? {} : { 'content-length': String(contentLength) }
  const url = await presignUrl(
    context,
    { method: 'PUT', key, query: { 'x-id': 'UploadPart', partNumber: String(partNumber), uploadId }, headers },
    () => {
      const input = { Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: contentLength }
      const command = new UploadPartCommand(input)
      command.middlewareStack.add(dropChecksumHeaders, DROP_CHECKSUMS)
      return getSignedUrl(context.s3, command, presignOptions(context, false))
    },
  )
  return { partNumber, ...signed(context, 'PUT', url) }
}

export type MultipartCall = 'listParts' | 'completeMultipartUpload' | 'abortMultipartUpload'

// The query parameters the SDK serialises for each (CompleteMultipartUpload has no x-id).
const MULTIPART_CALLS = {
  listParts: { method: 'GET', query: { 'x-id': 'ListParts' } },
  completeMultipartUpload: { method: 'POST', query: {} },
  abortMultipartUpload: { method: 'DELETE', query: { 'x-id': 'AbortMultipartUpload' } },
} as const

function signMultipartCallViaSdk(context: SigningContext, operation: MultipartCall, key: string, uploadId: string) {
  const input = { Bucket: context.bucket, Key: key, UploadId: uploadId }
  const options = presignOptions(context, false)
  switch (operation) {
    case 'listParts':
      return getSignedUrl(context.s3, new ListPartsCommand(input), options)
    case 'completeMultipartUpload':
      return getSignedUrl(context.s3, new CompleteMultipartUploadCommand(input), options)
    case 'abortMultipartUpload':
      return getSignedUrl(context.s3, new AbortMultipartUploadCommand(input), options)
  }
}

export async function signMultipartCall(
  context: SigningContext,
  operation: MultipartCall,
  key: string,
  uploadId: string,
): Promise<SignedRequest> {
  const { method, query } = MULTIPART_CALLS[operation]
  const url = await presignUrl(
    context,
    { method, key, query: { ...query, uploadId }, headers: {} },
    () => signMultipartCallViaSdk(context, operation, key, uploadId),
  )
  return signed(context, method, url)
}
