import type { FileDescriptor } from '../protocol/messages.js'
import { isContentTypeAllowed } from './content-type.js'
import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * Size and type limits on a declared file. Checked before `authorize` runs, so a
 * refused file costs no auth lookup and is never signed. The limits are enforced
 * by the store too: size and type are signed into the URL (for multipart, only
 * the type; see docs/protocol.md).
 */

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const

/** `5368709120` → `5 GiB`: the message is meant for the end user. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  const rounded = unit === 0 ? String(value) : String(Math.round(value * 10) / 10)
  return `${rounded} ${UNITS[unit] ?? 'bytes'}`
}

export function checkFilePolicy(
  operation: 'putObject' | 'createMultipartUpload',
  file: FileDescriptor,
  options: ResolvedOptions,
): void {
  const limit = operation === 'putObject' ? options.maxPutObjectSize : options.maxMultipartSize
  if (file.size > limit) {
    throw new PresignRejection(
      PresignErrorCode.FILE_TOO_LARGE,
      `The file is ${formatBytes(file.size)}; the limit is ${formatBytes(limit)}`,
    )
  }
  if (!isContentTypeAllowed(file.type, options.allowedContentTypes)) {
    throw new PresignRejection(
      PresignErrorCode.CONTENT_TYPE_NOT_ALLOWED,
      `Files of type ${JSON.stringify(file.type)} are not allowed`,
    )
  }
}
