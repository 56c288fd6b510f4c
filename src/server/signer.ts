import type { S3Client } from '@aws-sdk/client-s3'
import type { SignedRequest } from '../protocol/messages.js'
import type { FastPresigner } from './fast-presigner.js'
import { presignSpec, presignViaSdk, type S3RequestName, type S3RequestParams } from './s3-requests.js'

/**
 * Presigns one S3 request (see s3-requests.ts) with the fast signer, or with
 * getSignedUrl on the host's S3Client when the bucket needs the SDK's full path.
 * Pure CPU work (HMACs), no request to S3.
 */

export interface SigningContext {
  s3: S3Client
  bucket: string
  expiresIn: number
  /** One instant for the whole request, so `expiresAt` matches X-Amz-Date exactly. */
  signingDate: Date
  /** Signs without the SDK's per-call middleware stack; without it every URL goes through getSignedUrl. */
  presigner?: FastPresigner | undefined
}

export function expiresAt(context: SigningContext): string {
  // X-Amz-Date has whole seconds and the store counts X-Amz-Expires from it.
  const signedAt = Math.floor(context.signingDate.getTime() / 1000) * 1000
  return new Date(signedAt + context.expiresIn * 1000).toISOString()
}

/** The signed request, with the headers the browser must send as they are. */
export async function presignRequest<N extends S3RequestName>(
  context: SigningContext,
  name: N,
  params: S3RequestParams[N],
): Promise<SignedRequest> {
  const spec = presignSpec(name, params)
  const url = (await context.presigner?.presign(spec, context)) ??
    (await presignViaSdk(context.s3, context.bucket, name, params, context))
  // Content-Length is signed, but the browser sets it itself (scripts may not).
  const { 'content-length': _length, ...headers } = spec.headers
  return { method: spec.method, url, headers, expiresAt: expiresAt(context) }
}
