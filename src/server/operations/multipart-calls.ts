import { checkChecksum, parseCompositeSha256 } from '../checksum-policy.js'
import { liveBinding } from '../part-binding.js'
import { ifNoneMatchFor } from '../object-settings.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, noCheck, type Operation } from './operation.js'
import { parseMultipartRef, parsePartNumberMarker } from './parse-fields.js'

/**
 * The calls on a started multipart upload that carry no body the server checks:
 * list, complete, abort. List and complete continue an upload, so they need one
 * that is bound and young enough (part-binding.ts); abort only cleans up.
 */

export const listParts: Operation<'listParts'> = {
  parse: (body) => ({ operation: 'listParts', ...parseMultipartRef(body), ...parsePartNumberMarker(body.partNumberMarker) }),
  check: noCheck,
  answer: authorizedOnce(({ key, uploadId, partNumberMarker }, { prefix, context, options }) => {
    liveBinding(key, prefix, context.signingDate, options)
    return presignRequest(context, 'ListParts', { key, uploadId, partNumberMarker: partNumberMarker?.toString() })
  }),
}

export const completeMultipartUpload: Operation<'completeMultipartUpload'> = {
  parse: (body) => {
    const sha256 = parseCompositeSha256(body)
    return { operation: 'completeMultipartUpload', ...parseMultipartRef(body), ...(sha256 && { sha256 }) }
  },
  // MD5 has no whole-object checksum to sign; SHA-256 has the composite one.
  check: (intent, options) => {
    if (intent.sha256 !== undefined || options.checksumAlgorithm !== 'md5') checkChecksum(intent.sha256 === undefined ? undefined : 'sha256', options)
  },
  answer: authorizedOnce(({ key, uploadId, sha256 }, { prefix, context, options }) => {
    liveBinding(key, prefix, context.signingDate, options)
    return presignRequest(context, 'CompleteMultipartUpload', { key, uploadId, checksumSha256: sha256, ...ifNoneMatchFor(options) })
  }),
}

export const abortMultipartUpload: Operation<'abortMultipartUpload'> = {
  parse: (body) => ({ operation: 'abortMultipartUpload', ...parseMultipartRef(body) }),
  check: noCheck,
  answer: authorizedOnce(({ key, uploadId }, { context }) =>
    presignRequest(context, 'AbortMultipartUpload', { key, uploadId })),
}
