import type { PresignOperation, PresignReplies } from '../../protocol/messages.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from '../presign-error.js'
import { confirmUpload } from './confirm-upload.js'
import { createMultipartUpload } from './create-multipart-upload.js'
import { getObjects } from './get-objects.js'
import { abortMultipartUpload, completeMultipartUpload, listParts } from './multipart-calls.js'
import type { Call, Operation } from './operation.js'
import { isRecord } from './parse-fields.js'
import { putObject } from './put-object.js'
import { signParts } from './sign-parts.js'

/**
 * Every operation of the protocol, one entry each. An operation added to
 * `PresignRequest` and `PresignReplies` (src/protocol/messages.ts) is a compile
 * error here until it has its entry (a file beside this one), and the entry's
 * types say what it must provide. An S3 request the entry signs that is not in
 * s3-requests.ts yet goes there, where the compiler again asks for every part.
 * (An annotation rather than `satisfies`: the same check, and `OPERATIONS[name]`
 * is then `Operation<O>` for a generic `O`.)
 */
export const OPERATIONS: { readonly [O in PresignOperation]: Operation<O> } = {
  putObject,
  createMultipartUpload,
  signParts,
  listParts,
  completeMultipartUpload,
  abortMultipartUpload,
  getObjects,
  confirmUpload,
}

export type PresignReply = PresignReplies[PresignOperation]

export type { Call } from './operation.js'

function isOperation(name: string): name is PresignOperation {
  return Object.hasOwn(OPERATIONS, name)
}

function operationOf(body: Record<string, unknown>): PresignOperation {
  const { operation } = body
  if (typeof operation !== 'string') throw invalidRequest('operation must be a string')
  if (!isOperation(operation)) {
    // Echoed back JSON-quoted and cut short: it is untrusted input.
    const shown = JSON.stringify(operation.slice(0, 64))
    throw new PresignRejection(PresignErrorCode.UNKNOWN_OPERATION, `Unknown operation ${shown}`)
  }
  return operation
}

async function run<O extends PresignOperation>(
  name: O,
  body: Record<string, unknown>,
  call: Call,
): Promise<PresignReplies[O]> {
  const operation = OPERATIONS[name]
  const intent = operation.parse(body, call.options)
  operation.check(intent, call.options)
  return operation.answer(intent, call)
}

/** Parses, checks, authorizes and signs one operation's body, in that order, or throws a PresignRejection. */
export async function answerOperation(body: unknown, call: Call): Promise<PresignReply> {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object')
  return run(operationOf(body), body, call)
}
