import type { ChecksumAlgorithm } from '../protocol/messages.js'
import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * The digests the browser sends to have signed into its URLs (see s3-requests.ts,
 * `contentMd5` and `checksumSha256`): the store then refuses any other body, and a client
 * that leaves the header out fails the signature. A request names its digests by their
 * algorithm's field (`md5`, `sha256`); the handler signs only its own `checksumAlgorithm`'s,
 * so a store that does not verify one (RGW 16 and `sha256`) is never trusted with it by
 * mistake. `requireChecksum` refuses bodies signed without one.
 */

/** A digest as the request carried it, with the algorithm its field names. */
export interface Digest<V = string> {
  algorithm: ChecksumAlgorithm
  value: V
}

interface DigestFormat {
  /** Base64 of the digest's bytes (the last character carries padding bits, hence the short class). */
  base64: RegExp
  /** How the message names it. */
  describe: string
  /** How the store names it in an error message about the server's setting. */
  header: string
}

const DIGEST_FORMATS = {
  // 16 bytes: 22 characters and `==`.
  md5: { base64: /^[A-Za-z0-9+/]{21}[AQgw]==$/, describe: 'the base64 MD5 of the body (24 characters ending in "==")', header: 'Content-MD5' },
  // 32 bytes: 43 characters and `=`.
  sha256: {
    base64: /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/,
    describe: 'the base64 SHA-256 of the body (44 characters ending in "=")',
    header: 'x-amz-checksum-sha256',
  },
} as const satisfies Record<ChecksumAlgorithm, DigestFormat>

const ALGORITHMS = Object.keys(DIGEST_FORMATS) as ChecksumAlgorithm[]

export function isChecksumAlgorithm(value: unknown): value is ChecksumAlgorithm {
  return typeof value === 'string' && Object.hasOwn(DIGEST_FORMATS, value)
}

function parseOne(algorithm: ChecksumAlgorithm, value: unknown, field: string): string {
  const format = DIGEST_FORMATS[algorithm]
  if (typeof value !== 'string' || !format.base64.test(value)) throw invalidRequest(`${field} must be ${format.describe}`)
  return value
}

/** The one digest field of `raw` (`md5` or `sha256`), checked; `undefined` when it has none. */
function presentAlgorithm(raw: unknown, where: string): ChecksumAlgorithm | undefined {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const present = ALGORITHMS.filter((algorithm) => record[algorithm] !== undefined)
  if (present.length > 1) throw invalidRequest(`${where} carries one digest, not ${present.join(' and ')}`)
  return present[0]
}

/** `putObject`'s `file.md5` or `file.sha256`. */
export function parseBodyDigest(raw: unknown, where = 'file'): Digest | undefined {
  const algorithm = presentAlgorithm(raw, where)
  if (algorithm === undefined) return undefined
  return { algorithm, value: parseOne(algorithm, (raw as Record<string, unknown>)[algorithm], `${where}.${algorithm}`) }
}

/** `signParts`' `md5` or `sha256`: one digest per part number, in the same order. */
export function parsePartDigests(raw: unknown, count: number): Digest<string[]> | undefined {
  const algorithm = presentAlgorithm(raw, 'signParts')
  if (algorithm === undefined) return undefined
  const value = (raw as Record<string, unknown>)[algorithm]
  if (!Array.isArray(value) || value.length !== count) {
    throw invalidRequest(`${algorithm} must be an array with one base64 digest per part number, in the same order`)
  }
  return { algorithm, value: value.map((item: unknown, index) => parseOne(algorithm, item, `${algorithm}[${index}]`)) }
}

/**
 * `completeMultipartUpload`'s `sha256`: the composite `<base64 SHA-256 of the part digests>-<part count>`;
 * `confirmUpload`'s may also be a single PUT's plain one (`plain`).
 */
export function parseCompositeSha256(raw: unknown, plain = false): string | undefined {
  const value = (raw as { sha256?: unknown }).sha256
  if (value === undefined) return undefined
  const [digest, count, ...rest] = typeof value === 'string' ? value.split('-') : []
  const countOk = count === undefined ? plain : /^[1-9]\d{0,4}$/.test(count)
  if (rest.length > 0 || !countOk || !DIGEST_FORMATS.sha256.base64.test(digest ?? '')) {
    throw invalidRequest(`sha256 must be ${plain ? 'the base64 SHA-256 of the object, or ' : ''}the composite checksum "<base64 SHA-256 of the part SHA-256s>-<part count>"`)
  }
  return value as string
}

/** `createMultipartUpload`'s `checksumAlgorithm`. */
export function parseChecksumAlgorithm(value: unknown): ChecksumAlgorithm | undefined {
  if (value === undefined || isChecksumAlgorithm(value)) return value
  throw invalidRequest(`checksumAlgorithm must be one of ${ALGORITHMS.map((name) => `'${name}'`).join(', ')}`)
}

/**
 * Refuses a digest of another algorithm than the handler's, and (with `requireChecksum`)
 * a body without one. `algorithm` is what the request named, `undefined` for none.
 */
export function checkChecksum(algorithm: ChecksumAlgorithm | undefined, options: ResolvedOptions): void {
  const wanted = options.checksumAlgorithm
  if (algorithm !== undefined && algorithm !== wanted) {
    throw new PresignRejection(
      PresignErrorCode.CHECKSUM_ALGORITHM_MISMATCH,
      `This server signs ${DIGEST_FORMATS[wanted].header} (checksumAlgorithm '${wanted}'), not ${DIGEST_FORMATS[algorithm].header}: set the uploader's checksumAlgorithm to '${wanted}'`,
    )
  }
  if (algorithm !== undefined || !options.requireChecksum) return
  throw new PresignRejection(
    PresignErrorCode.CHECKSUM_REQUIRED,
    `This server only signs uploads with their ${wanted === 'md5' ? 'MD5' : 'SHA-256'} checksum; update the uploader or turn its checksum option on`,
  )
}

/** The algorithm whose digest field a parsed request carries (at most one, see the parsers). */
export function algorithmOf(digests: { readonly [A in ChecksumAlgorithm]?: unknown }): ChecksumAlgorithm | undefined {
  return ALGORITHMS.find((algorithm) => digests[algorithm] !== undefined)
}
