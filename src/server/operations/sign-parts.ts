import { checkPartCount } from '../multipart-limits.js'
import { boundParts } from '../part-binding.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseMultipartRef, parsePartNumbers } from './parse-fields.js'

/** `signParts`: UploadPart URLs for several parts in one round trip, each bound to its exact length. */
export const signParts: Operation<'signParts'> = {
  parse: (body, options) => ({
    operation: 'signParts',
    ...parseMultipartRef(body),
    partNumbers: parsePartNumbers(body.partNumbers, options.maxPartNumbersPerRequest),
  }),
  check: (intent, options) => checkPartCount(intent.partNumbers, options),
  answer: authorizedOnce(async (intent, { prefix, context }) => {
    const { key, uploadId } = intent
    const parts = boundParts(intent, prefix).map(async ({ partNumber, contentLength }) => {
      const params = { key, uploadId, partNumber, contentLength }
      return { partNumber, ...(await presignRequest(context, 'UploadPart', params)) }
    })
    return { parts: await Promise.all(parts) }
  }),
}
