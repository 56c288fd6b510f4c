import { ifNoneMatchFor } from '../object-settings.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, noCheck, type Operation } from './operation.js'
import { parseMultipartRef, parsePartNumberMarker } from './parse-fields.js'

/** The calls on a started multipart upload that carry no body the server checks: list, complete, abort. */

export const listParts: Operation<'listParts'> = {
  parse: (body) => ({ operation: 'listParts', ...parseMultipartRef(body), ...parsePartNumberMarker(body.partNumberMarker) }),
  check: noCheck,
  answer: authorizedOnce(({ key, uploadId, partNumberMarker }, { context }) =>
    presignRequest(context, 'ListParts', { key, uploadId, partNumberMarker: partNumberMarker?.toString() })),
}

export const completeMultipartUpload: Operation<'completeMultipartUpload'> = {
  parse: (body) => ({ operation: 'completeMultipartUpload', ...parseMultipartRef(body) }),
  check: noCheck,
  answer: authorizedOnce(({ key, uploadId }, { context, options }) =>
    presignRequest(context, 'CompleteMultipartUpload', { key, uploadId, ...ifNoneMatchFor(options) })),
}

export const abortMultipartUpload: Operation<'abortMultipartUpload'> = {
  parse: (body) => ({ operation: 'abortMultipartUpload', ...parseMultipartRef(body) }),
  check: noCheck,
  answer: authorizedOnce(({ key, uploadId }, { context }) =>
    presignRequest(context, 'AbortMultipartUpload', { key, uploadId })),
}
