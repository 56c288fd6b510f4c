import type { FileDescriptor } from '../../protocol/messages.js'
import { algorithmOf, checkChecksum, parseBodyDigest } from '../checksum-policy.js'
import { checkFilePolicy } from '../file-policy.js'
import { makeObjectKey } from '../object-key.js'
import { ifNoneMatchFor, keyFileName, objectSettingsFor } from '../object-settings.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseFile } from './parse-fields.js'

/** `putObject`: one signed PUT for a whole file; the server picks the key. */
export const putObject: Operation<'putObject'> = {
  parse: (body) => ({ operation: 'putObject', file: withDigest(parseFile(body.file), body.file) }),
  check: (intent, options) => {
    checkFilePolicy('putObject', intent.file, options)
    checkChecksum(algorithmOf(intent.file), options)
  },
  answer: authorizedOnce(async ({ file }, { prefix, context, options, request }) => {
    const key = makeObjectKey(prefix, file.name)
    const settings = await objectSettingsFor(request, file, keyFileName(key), options)
    // Type and length both signed: the store refuses any other body, so the size limit holds.
    // and the digest when given: the store refuses any other bytes, and a request without the header.
    const signed = await presignRequest(context, 'PutObject', {
      key,
      contentType: file.type,
      contentLength: file.size,
      contentMd5: file.md5,
      checksumSha256: file.sha256,
      acl: options.cannedAcl,
      ...settings,
      ...ifNoneMatchFor(options),
    })
    return { ...signed, key }
  }),
}

function withDigest(file: FileDescriptor, raw: unknown): FileDescriptor {
  const digest = parseBodyDigest(raw)
  return digest === undefined ? file : { ...file, [digest.algorithm]: digest.value }
}
