import { formatBytes } from '../protocol/format-bytes.js'
import type { FileDescriptor } from '../protocol/messages.js'
import { isContentTypeAllowed } from './content-type.js'
import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * Size and type limits on a declared file. Checked before `authorize` runs, so a
 * refused file costs no auth lookup and is never signed. The limits are enforced
 * by the store too: size and type are signed into the URL (for multipart, only
 * the type and, once a `partSize` is declared, each part's length; see docs/protocol.md).
 */

// IEC units (`5 GiB`): the message is meant for the end user, whose language the server does not know.
const IEC = { units: 'iec' } as const

export function checkFilePolicy(
  operation: 'putObject' | 'createMultipartUpload',
  file: FileDescriptor,
  options: ResolvedOptions,
): void {
  const limit = operation === 'putObject' ? options.maxPutObjectSize : options.maxMultipartSize
  if (file.size > limit) {
    throw new PresignRejection(
      PresignErrorCode.FILE_TOO_LARGE,
      `The file is ${formatBytes(file.size, undefined, IEC)}; the limit is ${formatBytes(limit, undefined, IEC)}`,
    )
  }
  if (!isContentTypeAllowed(file.type, options.allowedContentTypes)) {
    throw new PresignRejection(
      PresignErrorCode.CONTENT_TYPE_NOT_ALLOWED,
      `Files of type ${JSON.stringify(file.type)} are not allowed`,
    )
  }
}
