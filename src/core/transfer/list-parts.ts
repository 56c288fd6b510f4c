import { S3_MAX_PART_NUMBER } from '../../protocol/limits.js'
import { readListPage, type ListedPart } from './s3-xml-replies.js'
import { callWithRetry } from './retry.js'
import { sendSigned, type TransferContext } from './transfer-context.js'
import type { UploadRef } from './upload-url-cache.js'

/**
 * Every part the store has for an upload. One ListParts answer holds at most 1000
 * parts; a truncated one names the next page's marker, which is signed into the
 * next URL (`partNumberMarker`), so resuming a 10,000-part upload reads 10 pages.
 */
export async function listAllParts(context: TransferContext, ref: UploadRef, signal: AbortSignal): Promise<ListedPart[]> {
  const parts: ListedPart[] = []
  let marker: number | undefined
  // A page always moves the marker forward: at most one page per possible part.
  for (let pages = 0; pages <= S3_MAX_PART_NUMBER; pages++) {
    const page = await listPage(context, ref, marker, signal)
    parts.push(...page.parts)
    if (page.nextMarker === undefined || (marker !== undefined && page.nextMarker <= marker)) return parts
    marker = page.nextMarker
  }
  return parts
}

function listPage(context: TransferContext, ref: UploadRef, marker: number | undefined, signal: AbortSignal) {
  const request = { operation: 'listParts' as const, ...ref, ...(marker !== undefined && { partNumberMarker: marker }) }
  return callWithRetry(
    {
      sign: (_fresh, callSignal) => context.cache.sign(request, callSignal),
      send: async (signed, callSignal) => readListPage((await sendSigned(context, signed, callSignal)).text),
    },
    context.retry,
    signal,
    context.clock,
  )
}
