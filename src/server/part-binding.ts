import type { CreateMultipartUploadRequest, SignPartsRequest } from '../protocol/messages.js'
import { makeObjectKey } from './object-key.js'
import type { ResolvedOptions } from './options.js'
import { checkLayoutLimits } from './multipart-limits.js'
import { bindingOfKey, bindingSuffix, partLength, type UploadBinding } from './part-layout.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * Applies the binding policy (see part-layout.ts) to the operations it concerns.
 * Every multipart upload declares its part size: a part URL without a signed length
 * would accept a body of any size, and on stores that honour unsigned `x-amz-*`
 * headers (RGW, s3rver) an UploadPartCopy (issue 12). Every upload has a maximum
 * age: a replayed CreateMultipartUpload URL gives a second upload id for the same
 * key, and without an end to it that upload could replace the object's bytes long
 * after the app read and trusted them (issue 12).
 */

function notBound(): PresignRejection {
  return new PresignRejection(
    PresignErrorCode.PART_SIZE_REQUIRED,
    'This server only accepts multipart uploads that declare their part size; update the uploader',
  )
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

/** The key for a new multipart upload, carrying its declared layout and creation time. */
export function multipartKey(intent: CreateMultipartUploadRequest, prefix: string, now: Date): string {
  if (intent.partSize === undefined) throw notBound()
  const layout = { size: intent.file.size, partSize: intent.partSize, createdAt: unixSeconds(now) }
  return makeObjectKey(prefix, intent.file.name, bindingSuffix(layout))
}

/**
 * The binding of a started upload that may still be continued (signParts, listParts,
 * completeMultipartUpload). Abort needs none: cleaning up is always allowed.
 */
export function liveBinding(key: string, prefix: string, now: Date, options: ResolvedOptions): UploadBinding {
  const binding = bindingOfKey(key, prefix)
  if (binding === undefined) throw notBound()
  // The layout comes from a client-sent key: held to the same limits as at creation (issue 12).
  checkLayoutLimits(binding, options)
  if (unixSeconds(now) - binding.createdAt > options.maxUploadAgeSeconds) {
    throw new PresignRejection(
      PresignErrorCode.UPLOAD_TOO_OLD,
      'This upload was started too long ago to be continued; upload the file again',
    )
  }
  return binding
}

/** Each requested part with the length to sign into its URL, in request order. */
export function boundParts(
  intent: SignPartsRequest,
  binding: UploadBinding,
): Array<{ partNumber: number; contentLength: number }> {
  return intent.partNumbers.map((partNumber) => ({ partNumber, contentLength: partLength(binding, partNumber) }))
}
