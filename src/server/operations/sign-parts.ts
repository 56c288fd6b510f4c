import { checkPartCount } from '../multipart-limits.js'
import { partLengths } from '../part-binding.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseMultipartRef, parsePartNumbers } from './parse-fields.js'

/** `signParts`: UploadPart URLs for several parts in one round trip, each bound to its length when the layout is known. */
export const signParts: Operation<'signParts'> = {
  parse: (body, options) => ({
    operation: 'signParts',
    ...parseMultipartRef(body),
    partNumbers: parsePartNumbers(body.partNumbers, options.maxPartNumbersPerRequest),
  }),
  check: (intent, options) => checkPartCount(intent.partNumbers, options),
  answer: authorizedOnce(async (intent, { prefix, context, options }) => {
    const { key, uploadId, partNumbers } = intent
    const lengths = partLengths(intent, prefix, options)
    const parts = partNumbers.map(async (partNumber, index) => {
      const params = { key, uploadId, partNumber, contentLength: lengths?.[index] }
      return { partNumber, ...(await presignRequest(context, 'UploadPart', params)) }
    })
    return { parts: await Promise.all(parts) }
  }),
}
