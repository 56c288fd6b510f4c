/**
 * How the mock bucket signs a URL, shared by its read and write sides: a
 * token in the query names the grant, and the SigV4 fields around it let the
 * client compute expiry as it would for S3 (or, with `opaqueUrls`, do not).
 */

export interface UrlSigning {
  /** The mock server's clock (epoch ms). */
  now: () => number
  /** Leave X-Amz-Date and X-Amz-Expires out of signed URLs. */
  opaqueUrls: boolean
}

/** `20261123T100500Z`, as SigV4 writes a date. */
function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

/** The query fields that sign a URL made at `signedAt` to live `expiresIn` seconds. */
export function signatureQuery(signing: UrlSigning, signedAt: number, expiresIn: number, token: string): string {
  if (signing.opaqueUrls) return `signature=${token}`
  return `X-Amz-Date=${amzDate(signedAt)}&X-Amz-Expires=${expiresIn}&X-Amz-Signature=${token}`
}

/** The grant token a signed URL carries, or `''`. */
export function tokenOf(url: string): string {
  const query = new URL(url).searchParams
  return query.get('X-Amz-Signature') ?? query.get('signature') ?? ''
}

/** The second a URL is signed in: SigV4 dates have whole seconds. */
export function signingSecond(signing: UrlSigning): number {
  return Math.floor(signing.now() / 1000) * 1000
}
