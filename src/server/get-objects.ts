import { GetObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { GetObjectsReply, GetObjectsRequest, RefusedObjectUrl, SignedObjectUrl } from '../protocol/messages.js'
import { authorizeIntent } from './authorize.js'
import type { GetObjectIntent, ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'
import { expiresAt, type SigningContext } from './sign.js'

/**
 * `getObjects`: GET URLs for existing objects, for `<SignedImage>` and downloads.
 * Each key is authorized on its own, so one refused key (another user's photo)
 * never costs the caller the rest of the page.
 */

async function signGet(context: SigningContext, intent: GetObjectIntent): Promise<SignedObjectUrl> {
  const command = new GetObjectCommand({
    Bucket: context.bucket,
    Key: intent.key,
    ...(intent.responseContentDisposition === undefined
      ? {}
      : { ResponseContentDisposition: intent.responseContentDisposition }),
  })
  const url = await getSignedUrl(context.s3, command, { expiresIn: context.expiresIn, signingDate: context.signingDate })
  return { key: intent.key, url, expiresAt: expiresAt(context) }
}

async function signOne(
  request: Request,
  intent: GetObjectIntent,
  options: ResolvedOptions,
  context: SigningContext,
): Promise<SignedObjectUrl | RefusedObjectUrl> {
  try {
    await authorizeIntent(request, intent, options)
  } catch (error) {
    // A refusal concerns this key only; anything else is a host-app bug and fails the request (500).
    if (!(error instanceof PresignRejection)) throw error
    // authorize.ts words this refusal for uploads; say it for reading.
    const message = error.code === PresignErrorCode.KEY_OUTSIDE_PREFIX ? 'You may not see this file' : error.message
    return { key: intent.key, error: { code: error.code, message } }
  }
  return signGet(context, intent)
}

export async function signGetObjects(
  request: Request,
  body: GetObjectsRequest,
  options: ResolvedOptions,
): Promise<GetObjectsReply> {
  const context: SigningContext = {
    s3: options.s3,
    bucket: options.bucket,
    expiresIn: options.getObjectExpiresIn,
    signingDate: new Date(),
  }
  const disposition = body.responseContentDisposition
  const objects = await Promise.all(
    body.keys.map((key) => {
      const intent: GetObjectIntent = disposition === undefined
        ? { operation: 'getObject', key }
        : { operation: 'getObject', key, responseContentDisposition: disposition }
      return signOne(request, intent, options, context)
    }),
  )
  return { objects }
}
