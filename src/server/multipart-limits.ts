import type { FileDescriptor } from '../protocol/messages.js'
import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * The host's limits on multipart uploads beyond the file size: how many parts,
 * and how big a part may be. A file larger than `maxPartCount × maxPartSize`
 * cannot be started at all, and no part number above `maxPartCount` is signed.
 * The part size itself is enforced by the store only for uploads that declared
 * a `partSize`, whose part URLs are signed with exact lengths (part-layout.ts).
 */

export function checkMultipartSize(file: FileDescriptor, options: ResolvedOptions): void {
  const largest = options.maxPartCount * options.maxPartSize
  if (file.size > largest) {
    throw new PresignRejection(
      PresignErrorCode.FILE_TOO_LARGE,
      `The file is larger than ${options.maxPartCount} parts of at most ${options.maxPartSize} bytes`,
    )
  }
}

export function checkPartCount(partNumbers: readonly number[], options: ResolvedOptions): void {
  const index = partNumbers.findIndex((n) => n > options.maxPartCount)
  if (index >= 0) throw invalidRequest(`partNumbers[${index}] is above the limit of ${options.maxPartCount} parts`)
}
