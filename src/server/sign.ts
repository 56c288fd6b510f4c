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
import type { FileDescriptor, HttpMethod, SignedRequest } from '../core/protocol.js'

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

export async function signPutObject(
  context: SigningContext,
  key: string,
  file: FileDescriptor,
): Promise<SignedRequest> {
  const command = new PutObjectCommand({
    Bucket: context.bucket,
    Key: key,
    ContentType: file.type,
    // Signed: the store refuses a body of any other length, so the size limit holds.
    ContentLength: file.size,
  })
  command.middlewareStack.add(dropChecksumHeaders, DROP_CHECKSUMS)
  const url = await getSignedUrl(context.s3, command, presignOptions(context, true))
  return signed(context, 'PUT', url, { 'content-type': file.type })
}

export async function signCreateMultipartUpload(
  context: SigningContext,
  key: string,
  file: FileDescriptor,
): Promise<SignedRequest> {
  const command = new CreateMultipartUploadCommand({ Bucket: context.bucket, Key: key, ContentType: file.type })
  command.middlewareStack.add(dropChecksumHeaders, DROP_CHECKSUMS)
  const url = await getSignedUrl(context.s3, command, presignOptions(context, true))
  return signed(context, 'POST', url, { 'content-type': file.type })
}

export async function signUploadPart(
  context: SigningContext,
  key: string,
  uploadId: string,
  partNumber: number,
): Promise<SignedRequest & { partNumber: number }> {
  const command = new UploadPartCommand({ Bucket: context.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber })
  command.middlewareStack.add(dropChecksumHeaders, DROP_CHECKSUMS)
  const url = await getSignedUrl(context.s3, command, presignOptions(context, false))
  return { partNumber, ...signed(context, 'PUT', url) }
}

export type MultipartCall = 'listParts' | 'completeMultipartUpload' | 'abortMultipartUpload'

export async function signMultipartCall(
  context: SigningContext,
  operation: MultipartCall,
  key: string,
  uploadId: string,
): Promise<SignedRequest> {
  const input = { Bucket: context.bucket, Key: key, UploadId: uploadId }
  const options = presignOptions(context, false)
  switch (operation) {
    case 'listParts':
      return signed(context, 'GET', await getSignedUrl(context.s3, new ListPartsCommand(input), options))
    case 'completeMultipartUpload':
      return signed(context, 'POST', await getSignedUrl(context.s3, new CompleteMultipartUploadCommand(input), options))
    case 'abortMultipartUpload':
      return signed(context, 'DELETE', await getSignedUrl(context.s3, new AbortMultipartUploadCommand(input), options))
  }
}
