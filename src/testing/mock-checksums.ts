import { toBase64 } from '../core/hashing/digest-encoding.js'
import { Md5 } from '../core/hashing/md5.js'
import { s3Error } from './s3-error.js'

/**
 * The mock bucket's checksum checks, as AWS S3 makes them: a signed digest header must be
 * sent exactly as signed (else the signature does not match) and must be the digest of
 * the bytes received (else 400 BadDigest). `Content-MD5` and `x-amz-checksum-sha256` alike;
 * multipart uploads created with SHA256 also need each part's digest, and the composite
 * checksum on completion when it was signed.
 */

/** The digests a grant signed, by header. */
export interface SignedDigests {
  md5?: string | undefined
  sha256?: string | undefined
}

const HEADERS = { md5: 'content-md5', sha256: 'x-amz-checksum-sha256' } as const

export function md5Bytes(bytes: Uint8Array): Uint8Array {
  return new Md5().update(bytes).digest()
}

export async function sha256Base64(bytes: Uint8Array): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)))
}

/** The headers a grant tells the browser to send, one per signed digest. */
export function digestHeaders(signed: SignedDigests): Record<string, string> {
  return {
    ...(signed.md5 !== undefined && { [HEADERS.md5]: signed.md5 }),
    ...(signed.sha256 !== undefined && { [HEADERS.sha256]: signed.sha256 }),
  }
}

/** The refusal S3 would give this body, or `undefined`; with the SHA-256 sent, when one was. */
export async function checkBodyDigests(
  request: Request,
  signed: SignedDigests,
  body: Uint8Array,
): Promise<Response | { sha256: string | undefined }> {
  const sentMd5 = request.headers.get(HEADERS.md5)
  const sentSha256 = request.headers.get(HEADERS.sha256)
  // A signed digest header is part of the signature: another one, or none, does not match it.
  if (signed.md5 !== undefined && sentMd5 !== signed.md5) return s3Error(403, 'SignatureDoesNotMatch')
  if (signed.sha256 !== undefined && sentSha256 !== signed.sha256) return s3Error(403, 'SignatureDoesNotMatch')
  if (sentMd5 !== null && sentMd5 !== toBase64(md5Bytes(body))) return s3Error(400, 'BadDigest')
  if (sentSha256 !== null && sentSha256 !== await sha256Base64(body)) return s3Error(400, 'BadDigest')
  return { sha256: sentSha256 ?? undefined }
}

/** `<base64 SHA-256 of the parts' binary SHA-256s>-<part count>`, as S3 names a composite checksum. */
export async function compositeSha256(partDigests: readonly string[]): Promise<string> {
  const bytes = new Uint8Array(partDigests.length * 32)
  partDigests.forEach((digest, index) => bytes.set(Uint8Array.from(atob(digest), (char) => char.charCodeAt(0)), index * 32))
  return `${await sha256Base64(bytes)}-${partDigests.length}`
}

/**
 * CompleteMultipartUpload's checks on an upload created with SHA256: every part named with
 * its `<ChecksumSHA256>` as stored (none: 400 InvalidRequest; another: 400 InvalidPart), and
 * a signed composite checksum sent as signed and equal to the parts' (400 BadDigest).
 */
export async function checkCompleteDigests(
  request: Request,
  signedComposite: string | undefined,
  parts: ReadonlyArray<{ stored: string | undefined; listed: string | undefined }>,
): Promise<Response | { composite: string | undefined }> {
  const sent = request.headers.get(HEADERS.sha256)
  if (signedComposite !== undefined && sent !== signedComposite) return s3Error(403, 'SignatureDoesNotMatch')
  if (parts.some(({ listed }) => listed === undefined)) return s3Error(400, 'InvalidRequest')
  if (parts.some(({ stored, listed }) => stored !== listed)) return s3Error(400, 'InvalidPart')
  const composite = await compositeSha256(parts.map(({ stored }) => stored!))
  if (sent !== null && sent !== composite) return s3Error(400, 'BadDigest')
  return { composite }
}
