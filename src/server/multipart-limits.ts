import type { PresignRequest } from '../protocol/messages.js'
import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * Limits on multipart uploads beyond the file size: how many parts, and how
 * big a part may be. Part URLs are not bound to a length (the protocol has no
 * part sizes), so the size limit holds through the count: a file larger than
 * `maxPartCount × maxPartSize` cannot be started at all.
 */
export function checkMultipartLimits(intent: PresignRequest, options: ResolvedOptions): void {
  if (intent.operation === 'createMultipartUpload') {
    const largest = options.maxPartCount * options.maxPartSize
    if (intent.file.size > largest) {
      throw new PresignRejection(
        PresignErrorCode.FILE_TOO_LARGE,
        `The file is larger than ${options.maxPartCount} parts of at most ${options.maxPartSize} bytes`,
      )
    }
  }
  if (intent.operation === 'signParts') {
    const index = intent.partNumbers.findIndex((n) => n > options.maxPartCount)
    if (index >= 0) throw invalidRequest(`partNumbers[${index}] is above the limit of ${options.maxPartCount} parts`)
  }
}
