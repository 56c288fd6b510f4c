import type { CreateMultipartUploadRequest, SignPartsRequest } from '../protocol/messages.js'
import { makeObjectKey } from './object-key.js'
import { checkLayout, layoutOfKey, layoutSuffix, partLength } from './part-layout.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * Applies the part-size policy (see part-layout.ts) to the two operations it concerns.
 * Every multipart upload declares its part size: a part URL without a signed length
 * would accept a body of any size, and on stores that honour unsigned `x-amz-*`
 * headers (RGW, s3rver) an UploadPartCopy of any object the credentials can read
 * (issue 12).
 */

function partSizeRequired(): PresignRejection {
  return new PresignRejection(
    PresignErrorCode.PART_SIZE_REQUIRED,
    'This server only accepts multipart uploads that declare their part size; update the uploader',
  )
}

/** The key for a new multipart upload, carrying its declared layout. */
export function multipartKey(intent: CreateMultipartUploadRequest, prefix: string): string {
  if (intent.partSize === undefined) throw partSizeRequired()
  const layout = { size: intent.file.size, partSize: intent.partSize }
  checkLayout(layout)
  return makeObjectKey(prefix, intent.file.name, layoutSuffix(layout))
}

/** Each requested part with the length to sign into its URL, in request order. */
export function boundParts(intent: SignPartsRequest, prefix: string): Array<{ partNumber: number; contentLength: number }> {
  const layout = layoutOfKey(intent.key, prefix)
  if (layout === undefined) throw partSizeRequired()
  return intent.partNumbers.map((partNumber) => ({ partNumber, contentLength: partLength(layout, partNumber) }))
}
