import { checkFilePolicy } from '../file-policy.js'
import { checkMultipartSize } from '../multipart-limits.js'
import { multipartKey } from '../part-binding.js'
import { parsePartSize } from '../part-layout.js'
import { keyFileName, objectSettingsFor } from '../object-settings.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseFile } from './parse-fields.js'

/** `createMultipartUpload`: the signed POST that starts an upload in parts, under a key that may carry its layout. */
export const createMultipartUpload: Operation<'createMultipartUpload'> = {
  parse: (body) => ({ operation: 'createMultipartUpload', file: parseFile(body.file), ...parsePartSize(body.partSize) }),
  check: (intent, options) => {
    checkFilePolicy('createMultipartUpload', intent.file, options)
    checkMultipartSize(intent.file, options)
  },
  answer: authorizedOnce(async (intent, { prefix, context, options, request }) => {
    const key = multipartKey(intent, prefix, options)
    const settings = await objectSettingsFor(request, intent.file, keyFileName(key), options)
    return { ...(await presignRequest(context, 'CreateMultipartUpload', { key, contentType: intent.file.type, ...settings })), key }
  }),
}
