import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * The MD5 digests the browser sends to have signed into its URLs (see s3-requests.ts,
 * `contentMd5`): the store then refuses any other body, and a client that leaves the
 * header out fails the signature. `requireChecksum` refuses bodies signed without one.
 */

/** Base64 of 16 bytes: 22 characters and `==`. */
const MD5_BASE64 = /^[A-Za-z0-9+/]{21}[AQgw]==$/

export function parseMd5(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !MD5_BASE64.test(value)) {
    throw invalidRequest(`${field} must be the base64 MD5 of the body (24 characters ending in "==")`)
  }
  return value
}

/** `md5` of signParts: one digest per part number, in the same order. */
export function parsePartMd5s(value: unknown, count: number): string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.length !== count) {
    throw invalidRequest('md5 must be an array with one base64 MD5 per part number, in the same order')
  }
  return value.map((md5: unknown, index) => parseMd5(md5, `md5[${index}]`)!)
}

export function checkChecksum(md5: string | readonly string[] | undefined, options: ResolvedOptions): void {
  if (md5 !== undefined || !options.requireChecksum) return
  throw new PresignRejection(
    PresignErrorCode.CHECKSUM_REQUIRED,
    'This server only signs uploads with their MD5 checksum; update the uploader or turn its checksum option on',
  )
}
