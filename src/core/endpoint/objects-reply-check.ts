import type { GetObjectsReply } from '../../protocol/messages.js'
import { asRecord, bad, checkString } from './reply-fields.js'

/**
 * The `getObjects` reply check, in a file of its own: the read side needs it alone
 * (read/read-endpoint.ts), and a file that held the other operations' checks too
 * would bring them along wherever a bundler splits by file (esbuild, see
 * bench/bundle-size.mjs).
 */

/** For the read side's lean path (see read/read-endpoint.ts). */
export function validateObjectsReply(value: unknown): GetObjectsReply {
  checkObjects(asRecord(value, 'reply'))
  return value as GetObjectsReply
}

export function checkObjects(record: Record<string, unknown>): void {
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
