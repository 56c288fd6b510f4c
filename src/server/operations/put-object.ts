import { checkFilePolicy } from '../file-policy.js'
import { makeObjectKey } from '../object-key.js'
import { presignRequest } from '../signer.js'
import { authorizedOnce, type Operation } from './operation.js'
import { parseFile } from './parse-fields.js'

/** `putObject`: one signed PUT for a whole file; the server picks the key. */
export const putObject: Operation<'putObject'> = {
  parse: (body) => ({ operation: 'putObject', file: parseFile(body.file) }),
  check: (intent, options) => checkFilePolicy('putObject', intent.file, options),
  answer: authorizedOnce(async ({ file }, { prefix, context, options }) => {
    const key = makeObjectKey(prefix, file.name)
    // Type and length both signed: the store refuses any other body, so the size limit holds.
    const params = { key, contentType: file.type, contentLength: file.size, acl: options.cannedAcl }
    const signed = await presignRequest(context, 'PutObject', params)
    return { ...signed, key }
  }),
}
