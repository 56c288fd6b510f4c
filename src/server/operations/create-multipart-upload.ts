import { checkFilePolicy } from '../file-policy.js'
import { checkLayoutLimits, checkMultipartSize } from '../multipart-limits.js'
import { multipartKey } from '../part-binding.js'
import { parsePartSize } from '../part-layout.js'
import { keyFileName, objectSettingsFor } from '../object-settings.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseFile } from './parse-fields.js'
import { invalidRequest } from '../presign-error.js'
import { checkChecksum, parseChecksumAlgorithm } from '../checksum-policy.js'

/** `createMultipartUpload`: the signed POST that starts an upload in parts, under a key that may carry its layout. */
export const createMultipartUpload: Operation<'createMultipartUpload'> = {
  parse: (body) => {
    const checksumAlgorithm = parseChecksumAlgorithm(body.checksumAlgorithm)
    return { operation: 'createMultipartUpload', file: parseFile(body.file), ...parsePartSize(body.partSize), ...(checksumAlgorithm && { checksumAlgorithm }) }
  },
  check: (intent, options) => {
    // An empty upload has one empty part, whose URL would be a 0-byte UploadPart: on stores that
    // honour an unsigned x-amz-copy-source that is an UploadPartCopy (issue 12). putObject it is.
    if (intent.file.size === 0) throw invalidRequest('An empty file is uploaded with putObject, not in parts')
    checkFilePolicy('createMultipartUpload', intent.file, options)
    checkMultipartSize(intent.file, options)
    if (intent.partSize !== undefined) checkLayoutLimits({ size: intent.file.size, partSize: intent.partSize }, options)
    // Clients that hash with MD5 (ours before sha256, others) name no algorithm here: their parts carry it.
    if (intent.checksumAlgorithm !== undefined || options.checksumAlgorithm !== 'md5') checkChecksum(intent.checksumAlgorithm, options)
  },
  answer: authorizedOnce(async (intent, { prefix, context, options, request }) => {
    const key = multipartKey(intent, prefix, context.signingDate)
    const settings = await objectSettingsFor(request, intent.file, keyFileName(key), options)
    // SHA256 makes the store require x-amz-checksum-sha256 on every part and check the parts' on Complete.
    const checksumAlgorithm = intent.checksumAlgorithm === 'sha256' ? 'SHA256' as const : undefined
    const params = { key, contentType: intent.file.type, acl: options.cannedAcl, checksumAlgorithm, ...settings }
    return { ...(await presignRequest(context, 'CreateMultipartUpload', params)), key }
  }),
}
