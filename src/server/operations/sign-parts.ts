import { checkChecksum, algorithmOf, parsePartDigests } from '../checksum-policy.js'
import { checkPartCount } from '../multipart-limits.js'
import { boundParts, liveBinding } from '../part-binding.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseMultipartRef, parsePartNumbers } from './parse-fields.js'

/** `signParts`: UploadPart URLs for several parts in one round trip, each bound to its exact length. */
export const signParts: Operation<'signParts'> = {
  parse: (body, options) => {
    const partNumbers = parsePartNumbers(body.partNumbers, options.maxPartNumbersPerRequest)
    const digests = parsePartDigests(body, partNumbers.length)
    return { operation: 'signParts', ...parseMultipartRef(body), partNumbers, ...(digests && { [digests.algorithm]: digests.value }) }
  },
  check: (intent, options) => {
    checkPartCount(intent.partNumbers, options)
    checkChecksum(algorithmOf(intent), options)
  },
  answer: authorizedOnce(async (intent, { prefix, context, options }) => {
    const { key, uploadId } = intent
    const binding = liveBinding(key, prefix, context.signingDate, options)
    const parts = boundParts(intent, binding).map(async ({ partNumber, contentLength }, index) => {
      const params = { key, uploadId, partNumber, contentLength, contentMd5: intent.md5?.[index], checksumSha256: intent.sha256?.[index] }
      return { partNumber, ...(await presignRequest(context, 'UploadPart', params)) }
    })
    return { parts: await Promise.all(parts) }
  }),
}
