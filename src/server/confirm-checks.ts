import type { ConfirmUploadRequest } from '../protocol/messages.js'
import { S3_MAX_PUT_OBJECT_SIZE } from '../protocol/limits.js'
import { isContentTypeAllowed } from './content-type.js'
import type { ResolvedOptions } from './options.js'
import { bindingOfKey } from './part-layout.js'
import type { StoredObjectHead } from './stored-object.js'

/**
 * What `confirmUpload` compares between the object the store has and what was
 * signed (the size bound in a multipart key, the allowed types and sizes) and
 * what the browser hashed (its size and predicted ETag). Each check names the
 * difference it finds; the first found is the refusal's message.
 */

type Check = (head: StoredObjectHead, intent: ConfirmUploadRequest, prefix: string, options: ResolvedOptions) => string | undefined

const isMultipartEtag = (etag: string) => /-\d+"?$/.test(etag)

const CHECKS: readonly Check[] = [
  (head, intent) => head.size !== intent.size ? `The stored file has ${head.size} bytes, not ${intent.size}` : undefined,
  (head, _intent, prefix) => {
    const layout = bindingOfKey(_intent.key, prefix)
    return layout && head.size !== layout.size ? 'The stored file is not the size declared when the upload started' : undefined
  },
  (head, _intent, _prefix, options) => {
    // A single PUT's size was signed; an upload in parts is held to the multipart limit here.
    const limit = isMultipartEtag(head.etag) ? options.maxMultipartSize : Math.min(options.maxPutObjectSize, S3_MAX_PUT_OBJECT_SIZE)
    return head.size > limit ? 'The stored file is larger than this server allows' : undefined
  },
  (head, _intent, _prefix, options) =>
    isContentTypeAllowed(head.type, options.allowedContentTypes) ? undefined : `Files of type ${JSON.stringify(head.type)} are not allowed`,
  (head, intent, _prefix, options) =>
    options.compareEtag && intent.etag !== undefined && normalizeEtag(head.etag) !== normalizeEtag(intent.etag)
      ? 'The stored file is not the one this browser hashed'
      : undefined,
  // A store without S3's additional checksums (RGW 16) keeps none: it verified nothing, so nothing is confirmed.
  (head, intent) =>
    intent.sha256 !== undefined && head.checksumSha256 !== intent.sha256
      ? head.checksumSha256 === undefined
        ? 'The store kept no SHA-256 of the file, so it did not verify one (checksumAlgorithm \'sha256\' needs AWS S3)'
        : 'The stored file\'s SHA-256 is not the one this browser hashed'
      : undefined,
]

export function normalizeEtag(etag: string): string {
  return `"${etag.replace(/^"|"$/g, '').toLowerCase()}"`
}

/** Why the stored object may not be confirmed, or `undefined` when it matches. */
export function confirmMismatch(
  head: StoredObjectHead,
  intent: ConfirmUploadRequest,
  prefix: string,
  options: ResolvedOptions,
): string | undefined {
  for (const check of CHECKS) {
    const problem = check(head, intent, prefix, options)
    if (problem !== undefined) return problem
  }
  return undefined
}

/** Base64 MD5 of the object when its ETag is one (a single PUT, no SSE-KMS), else `undefined`. */
export function md5OfEtag(etag: string): string | undefined {
  const hex = /^"?([0-9a-f]{32})"?$/i.exec(etag)?.[1]
  if (hex === undefined) return undefined
  const bytes = Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16))
  return btoa(String.fromCharCode(...bytes))
}
