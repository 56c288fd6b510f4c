import { checkChecksum, parsePartMd5s } from '../checksum-policy.js'
import { checkPartCount } from '../multipart-limits.js'
import { partLengths } from '../part-binding.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseMultipartRef, parsePartNumbers } from './parse-fields.js'

/** `signParts`: UploadPart URLs for several parts in one round trip, each bound to its length when the layout is known. */
export const signParts: Operation<'signParts'> = {
  parse: (body, options) => {
    const partNumbers = parsePartNumbers(body.partNumbers, options.maxPartNumbersPerRequest)
    const md5 = parsePartMd5s(body.md5, partNumbers.length)
    return { operation: 'signParts', ...parseMultipartRef(body), partNumbers, ...(md5 && { md5 }) }
  },
  check: (intent, options) => {
    checkPartCount(intent.partNumbers, options)
    checkChecksum(intent.md5, options)
  },
  answer: authorizedOnce(async (intent, { prefix, context, options }) => {
    const { key, uploadId, partNumbers } = intent
    const lengths = partLengths(intent, prefix, options)
    const parts = partNumbers.map(async (partNumber, index) => {
      const params = { key, uploadId, partNumber, contentLength: lengths?.[index], contentMd5: intent.md5?.[index] }
      return { partNumber, ...(await presignRequest(context, 'UploadPart', params)) }
    })
    return { parts: await Promise.all(parts) }
  }),
}
