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
  parse: (body) => ({ operation: 'completeMultipartUpload', ...parseMultipartRef(body) }),
  check: noCheck,
  answer: authorizedOnce(({ key, uploadId }, { prefix, context, options }) => {
    liveBinding(key, prefix, context.signingDate, options)
    return presignRequest(context, 'CompleteMultipartUpload', { key, uploadId, ...ifNoneMatchFor(options) })
  }),
}

export const abortMultipartUpload: Operation<'abortMultipartUpload'> = {
  parse: (body) => ({ operation: 'abortMultipartUpload', ...parseMultipartRef(body) }),
  check: noCheck,
  answer: authorizedOnce(({ key, uploadId }, { context }) =>
    presignRequest(context, 'AbortMultipartUpload', { key, uploadId })),
}
