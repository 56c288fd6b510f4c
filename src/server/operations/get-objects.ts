import type { RefusedObjectUrl, SignedObjectUrl } from '../../protocol/messages.js'
import { authorizeIntent } from '../authorize.js'
import type { GetObjectIntent } from '../options.js'
import { PresignErrorCode, PresignRejection } from '../presign-error.js'
import { presignRequest, type SigningContext } from '../signer.js'
import { noCheck, signingContext, type Call, type Operation } from './operation.js'
import { parseGetObjects } from './parse-get-objects.js'

/**
 * `getObjects`: GET URLs for existing objects, for `<SignedImage>` and downloads.
 * Each key is authorized on its own, so one refused key (another user's photo)
 * never costs the caller the rest of the page.
 */

async function signOne(
  call: Call,
  intent: GetObjectIntent,
  context: SigningContext,
): Promise<SignedObjectUrl | RefusedObjectUrl> {
  try {
    await authorizeIntent(call.request, intent, call.options)
  } catch (error) {
    // A refusal concerns this key only; anything else is a host-app bug and fails the request (500).
    if (!(error instanceof PresignRejection)) throw error
    // authorize.ts words this refusal for uploads; say it for reading.
    const message = error.code === PresignErrorCode.KEY_OUTSIDE_PREFIX ? 'You may not see this file' : error.message
    return { key: intent.key, error: { code: error.code, message } }
  }
  const { key, responseContentDisposition } = intent
  const { url, expiresAt } = await presignRequest(context, 'GetObject', { key, responseContentDisposition })
  return { key, url, expiresAt }
}

export const getObjects: Operation<'getObjects'> = {
  parse: (body, options) => parseGetObjects(body, options.maxKeysPerRequest),
  check: noCheck,
  answer: async ({ keys, responseContentDisposition: disposition }, call) => {
    // Read URLs have their own, shorter lifetime.
    const context = signingContext(call, call.options.getObjectExpiresIn)
    const objects = await Promise.all(
      keys.map((key) => {
        const intent: GetObjectIntent = disposition === undefined
          ? { operation: 'getObject', key }
          : { operation: 'getObject', key, responseContentDisposition: disposition }
        return signOne(call, intent, context)
      }),
    )
    return { objects }
  },
}
