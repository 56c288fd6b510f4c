import type { RefusedObjectUrl, SignedObjectUrl } from '../../protocol/messages.js'
import { authorizeIntent } from '../authorize.js'
import type { GetObjectIntent } from '../options.js'
import { PresignErrorCode, PresignRejection } from '../presign-error.js'
import { noCheck, type Call, type Operation } from './operation.js'
import { parseGetObjects } from './parse-get-objects.js'
import { PROBE_MESSAGES, probeObject } from './probe-object.js'
import { readSigning, type ReadSigning } from './read-signing.js'

/**
 * `getObjects`: GET URLs for existing objects, for `<SignedImage>` and downloads.
 * Each key is authorized on its own, so one refused key (another user's photo)
 * never costs the caller the rest of the page. With `check` (keys whose image
 * failed in the browser) each signed URL is tried against the store, so the reply
 * can say not found, forbidden or expired instead of a URL that will fail again.
 */

async function signOne(
  call: Call,
  intent: GetObjectIntent,
  signing: ReadSigning,
  check: boolean,
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
  const signed = await signing.sign(intent.key, intent.responseContentDisposition)
  const failure = check ? await probeObject(signed.url) : undefined
  return failure === undefined ? signed : { key: intent.key, error: { code: failure, message: PROBE_MESSAGES[failure] } }
}

export const getObjects: Operation<'getObjects'> = {
  parse: (body, options) => parseGetObjects(body, options.maxKeysPerRequest),
  check: noCheck,
  answer: async ({ keys, responseContentDisposition: disposition, check }, call) => {
    // Read URLs have their own, shorter lifetime (see read-signing.ts).
    const signing = readSigning(call)
    const objects = await Promise.all(
      keys.map((key) => {
        const intent: GetObjectIntent = disposition === undefined
          ? { operation: 'getObject', key }
          : { operation: 'getObject', key, responseContentDisposition: disposition }
        return signOne(call, intent, signing, check === true)
      }),
    )
    return { objects }
  },
}
