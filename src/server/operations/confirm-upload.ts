import type { ConfirmUploadReply, ConfirmUploadRequest } from '../../protocol/messages.js'
import { checkChecksum, parseCompositeSha256 } from '../checksum-policy.js'
import { confirmMismatch, md5OfEtag, normalizeEtag } from '../confirm-checks.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from '../presign-error.js'
import { deleteObject, headObject } from '../stored-object.js'
import { authorizedOnce, type Authorized, type Operation } from './operation.js'
import { isValidKey } from './parse-fields.js'

/**
 * `confirmUpload`: the server learns what landed. It looks at the object itself
 * (HeadObject, through the host's S3Client: stored-object.ts), refuses and deletes one that is not
 * what was signed and hashed, then hands it to the host's `onUploadComplete`.
 * Stateless and idempotent: a retried confirm does the same checks and gives the
 * host the same `idempotencyKey`, so several handler instances need no shared memory.
 */

const ETAG = /^"?[0-9a-fA-F]{32}(?:-[1-9][0-9]{0,4})?"?$/

function parseConfirm(body: Record<string, unknown>): ConfirmUploadRequest {
  const { key, size, etag } = body
  if (!isValidKey(key)) throw invalidRequest('key must be the key the upload was signed for')
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalidRequest('size must be a non-negative integer (bytes)')
  }
  const sha256 = parseCompositeSha256(body, true)
  const digests = sha256 === undefined ? {} : { sha256 }
  if (etag === undefined) return { operation: 'confirmUpload', key, size, ...digests }
  if (typeof etag !== 'string' || !ETAG.test(etag)) {
    throw invalidRequest('etag must be an MD5 ETag: 32 hex digits, with "-<parts>" for a multipart upload')
  }
  return { operation: 'confirmUpload', key, size, etag: normalizeEtag(etag), ...digests }
}

async function idempotencyKeyOf(key: string, etag: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${key}\n${etag}`))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

async function confirm(
  intent: ConfirmUploadRequest,
  { prefix, options, context }: Authorized,
  request: Request,
): Promise<ConfirmUploadReply> {
  const head = await headObject(options, intent.key, intent.sha256 !== undefined, context.presigner)
  if (head === undefined) throw new PresignRejection(PresignErrorCode.UPLOAD_NOT_FOUND, 'The file is not in the store')
  const problem = confirmMismatch(head, intent, prefix, options)
  if (problem !== undefined) {
    // Deleted, not kept: nothing will ever confirm it, and the store alone must not
    // serve bytes the server never allowed (an unconfirmed object is an unowned one).
    await deleteObject(options, intent.key)
    throw new PresignRejection(PresignErrorCode.UPLOAD_MISMATCH, `${problem}; it was removed`)
  }
  const reply: ConfirmUploadReply = { key: intent.key, size: head.size, type: head.type, etag: head.etag }
  if (options.onUploadComplete === undefined) return reply
  const serverData = await options.onUploadComplete({
    request,
    ...reply,
    checksum: md5OfEtag(head.etag),
    ...(intent.sha256 !== undefined && { sha256: head.checksumSha256 }),
    idempotencyKey: await idempotencyKeyOf(intent.key, normalizeEtag(head.etag)),
  })
  return serverData === undefined ? reply : { ...reply, serverData }
}

export const confirmUpload: Operation<'confirmUpload'> = {
  parse: parseConfirm,
  // An ETag (or with sha256, the SHA-256) is what the browser hashed: without one there is nothing to hold the object to.
  check: (intent, options) => {
    if (intent.sha256 !== undefined) checkChecksum('sha256', options)
    else checkChecksum(intent.etag === undefined ? undefined : options.checksumAlgorithm, options)
  },
  answer: (intent, call) => authorizedOnce<'confirmUpload'>((checked, authorized) => confirm(checked, authorized, call.request))(intent, call),
}
