import type { FileDescriptor } from '../../protocol/messages.js'
import { checkChecksum, parseMd5 } from '../checksum-policy.js'
import { checkFilePolicy } from '../file-policy.js'
import { makeObjectKey } from '../object-key.js'
import { ifNoneMatchFor, keyFileName, objectSettingsFor } from '../object-settings.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseFile } from './parse-fields.js'

/** `putObject`: one signed PUT for a whole file; the server picks the key. */
export const putObject: Operation<'putObject'> = {
  parse: (body) => ({ operation: 'putObject', file: withMd5(parseFile(body.file), body.file) }),
  check: (intent, options) => {
    checkFilePolicy('putObject', intent.file, options)
    checkChecksum(intent.file.md5, options)
  },
  answer: authorizedOnce(async ({ file }, { prefix, context, options, request }) => {
    const key = makeObjectKey(prefix, file.name)
    const settings = await objectSettingsFor(request, file, keyFileName(key), options)
    // Type and length both signed: the store refuses any other body, so the size limit holds.
    // and the MD5 when given: the store refuses any other bytes, and a request without the header.
    const signed = await presignRequest(context, 'PutObject', {
      key,
      contentType: file.type,
      contentLength: file.size,
      contentMd5: file.md5,
      acl: options.cannedAcl,
      ...settings,
      ...ifNoneMatchFor(options),
    })
    return { ...signed, key }
  }),
}

function withMd5(file: FileDescriptor, raw: unknown): FileDescriptor {
  const md5 = parseMd5((raw as { md5?: unknown }).md5, 'file.md5')
  return md5 === undefined ? file : { ...file, md5 }
}
