import type { CreateMultipartUploadRequest, SignPartsRequest } from '../protocol/messages.js'
import { makeObjectKey } from './object-key.js'
import type { ResolvedOptions } from './options.js'
import { checkLayout, layoutOfKey, layoutSuffix, partLength } from './part-layout.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/** Applies the part-size policy (see part-layout.ts) to the two operations it concerns. */

function partSizeRequired(): PresignRejection {
  return new PresignRejection(
    PresignErrorCode.PART_SIZE_REQUIRED,
    'This server only accepts multipart uploads that declare their part size; update the uploader',
  )
}

/** The key for a new multipart upload, carrying the declared layout when there is one. */
export function multipartKey(intent: CreateMultipartUploadRequest, prefix: string, options: ResolvedOptions): string {
  if (intent.partSize === undefined) {
    if (options.requirePartSize) throw partSizeRequired()
    return makeObjectKey(prefix, intent.file.name)
  }
  const layout = { size: intent.file.size, partSize: intent.partSize }
  checkLayout(layout)
  return makeObjectKey(prefix, intent.file.name, layoutSuffix(layout))
}

/**
 * The length to sign into each requested part URL, in request order; `undefined`
 * for an upload started without a layout (allowed only when `requirePartSize` is off).
 */
export function partLengths(intent: SignPartsRequest, prefix: string, options: ResolvedOptions): number[] | undefined {
  const layout = layoutOfKey(intent.key, prefix)
  if (layout === undefined) {
    if (options.requirePartSize) throw partSizeRequired()
    return undefined
  }
  return intent.partNumbers.map((partNumber) => partLength(layout, partNumber))
}
