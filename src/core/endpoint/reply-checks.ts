import { EndpointError } from '../errors.js'
import type { GetObjectsReply, HttpMethod, PresignOperation, PresignReplies } from '../../protocol/messages.js'

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

/** The `getObjects` check alone, for the read side's lean path (see read/read-endpoint.ts). */
export function validateObjectsReply(value: unknown): GetObjectsReply {
  checkObjects(asRecord(value, 'reply'))
  return value as GetObjectsReply
}

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

function checkObjects(record: Record<string, unknown>): void {
  if (!Array.isArray(record.objects)) bad('reply.objects is not an array')
  ;(record.objects as unknown[]).forEach((object, index) => {
    const where = `reply.objects[${index}]`
    const objectRecord = asRecord(object, where)
    checkString(objectRecord, 'key', where)
    if ('error' in objectRecord) {
      checkString(asRecord(objectRecord.error, `${where}.error`), 'code', `${where}.error`)
      return
    }
    const url = checkString(objectRecord, 'url', where)
    if (!/^https?:\/\//i.test(url)) bad(`${where}.url is not an absolute http(s) URL`)
    if (Number.isNaN(Date.parse(checkString(objectRecord, 'expiresAt', where)))) bad(`${where}.expiresAt is not a date`)
    const { expiresIn } = objectRecord
    if (expiresIn !== undefined && !(typeof expiresIn === 'number' && expiresIn >= 0 && Number.isFinite(expiresIn))) {
      bad(`${where}.expiresIn is not a number of seconds`)
    }
  })
}

function checkConfirmed(record: Record<string, unknown>): void {
  checkString(record, 'key', 'reply')
  checkString(record, 'etag', 'reply')
  if (!Number.isSafeInteger(record.size)) bad('reply.size is not an integer')
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    bad(`${where} is not an object`)
  }
  return value as Record<string, unknown>
}

function checkString(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field]
  if (typeof value !== 'string' || value === '') bad(`${where}.${field} is missing or not a string`)
  return value as string
}

function bad(detail: string): never {
  throw EndpointError.badReply(detail)
}

