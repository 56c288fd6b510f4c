import type { HttpMethod, PresignOperation, PresignReplies } from '../../protocol/messages.js'
import { checkObjects } from './objects-reply-check.js'
import { asRecord, bad, checkString } from './reply-fields.js'

/**
 * Endpoints are written by host apps, often by hand: check every reply before
 * trusting it, so a wrong shape fails here with a message naming the field
 * instead of as an obscure error deep inside the upload.
 */
export function validateReply<O extends PresignOperation>(
  operation: O,
  value: unknown,
): PresignReplies[O] {
  REPLY_CHECKS[operation](asRecord(value, 'reply'))
  return value as PresignReplies[O]
}

type ReplyCheck = (record: Record<string, unknown>) => void

const signedWithKey: ReplyCheck = (record) => {
  checkSignedRequest(record, 'reply')
  checkString(record, 'key', 'reply')
}
const signed: ReplyCheck = (record) => checkSignedRequest(record, 'reply')

/** One check per operation: a new operation does not compile until its reply has one. */
const REPLY_CHECKS = {
  putObject: signedWithKey,
  createMultipartUpload: signedWithKey,
  signParts: checkParts,
  listParts: signed,
  completeMultipartUpload: signed,
  abortMultipartUpload: signed,
  getObjects: checkObjects,
  confirmUpload: checkConfirmed,
} satisfies Record<PresignOperation, ReplyCheck>

const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE']

function checkSignedRequest(record: Record<string, unknown>, where: string): void {
  const url = checkString(record, 'url', where)
  if (!/^https?:\/\//i.test(url)) bad(`${where}.url is not an absolute http(s) URL`)
  const method = checkString(record, 'method', where)
  if (!METHODS.includes(method as HttpMethod)) bad(`${where}.method is not one of ${METHODS.join(', ')}`)
  checkString(record, 'expiresAt', where)
  if (Number.isNaN(Date.parse(record.expiresAt as string))) bad(`${where}.expiresAt is not a date`)
  const headers = record.headers ?? {}
  const headerRecord = asRecord(headers, `${where}.headers`)
  for (const [name, headerValue] of Object.entries(headerRecord)) {
    if (typeof headerValue !== 'string') bad(`${where}.headers.${name} is not a string`)
  }
  record.headers = headerRecord
}

function checkParts(record: Record<string, unknown>): void {
  if (!Array.isArray(record.parts)) bad('reply.parts is not an array')
  ;(record.parts as unknown[]).forEach((part, index) => {
    const where = `reply.parts[${index}]`
    const partRecord = asRecord(part, where)
    checkSignedRequest(partRecord, where)
    if (!Number.isInteger(partRecord.partNumber)) bad(`${where}.partNumber is not an integer`)
  })
}

function checkConfirmed(record: Record<string, unknown>): void {
  checkString(record, 'key', 'reply')
  checkString(record, 'etag', 'reply')
  if (!Number.isSafeInteger(record.size)) bad('reply.size is not an integer')
}
