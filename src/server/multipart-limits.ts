import type { FileDescriptor } from '../protocol/messages.js'
import { partCount, type PartLayout } from '../protocol/limits.js'
import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * The host's limits on multipart uploads beyond the file size: how many parts,
 * and how big a part may be. A file larger than `maxPartCount × maxPartSize`
 * cannot be started at all, and no part number above `maxPartCount` is signed.
 * Every part URL is signed with its exact length (part-layout.ts), so the store
 * enforces the declared layout; the layout is held to these limits both when it
 * is declared and when it is read back from a key, which the client sends and
 * could have forged (issue 12).
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

/** A declared layout, or one read from a key, against `maxFileSize`, `maxPartSize` and `maxPartCount`. */
export function checkLayoutLimits(layout: PartLayout, options: ResolvedOptions): void {
  if (layout.size > options.maxMultipartSize) {
    throw new PresignRejection(
      PresignErrorCode.FILE_TOO_LARGE,
      `The file is larger than this server's limit of ${options.maxMultipartSize} bytes`,
    )
  }
  if (layout.partSize > options.maxPartSize) {
    throw invalidRequest(`partSize ${layout.partSize} is above this server's limit of ${options.maxPartSize} bytes`)
  }
  const count = partCount(layout)
  if (count > options.maxPartCount) {
    throw invalidRequest(
      `partSize is too small for this file: it would need ${count} parts, and the limit is ${options.maxPartCount}`,
    )
  }
}
