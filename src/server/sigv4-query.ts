import { signingHashes } from './sigv4-hashing.js'

/**
 * AWS Signature Version 4 query signing (presigned URLs), written out because
 * the SDK's signer spends ~10× the two HMACs and one SHA-256 a URL needs on
 * cloning requests and awaiting providers. Only what presigning S3 requests
 * uses: `UNSIGNED-PAYLOAD`, no path double-encoding. Its output is compared
 * byte for byte with `getSignedUrl` in test/server/fast-presigner.test.ts.
 * Hashing is node:crypto or Web Crypto, whichever the runtime has (sigv4-hashing.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string | undefined
}

export interface QuerySigningInput {
  method: string
  /** `host[:port]`, as the request will send it. */
  host: string
  /** Already URI-encoded path, e.g. `/bucket/uploads/a%20b.txt`. */
  path: string
  /** Operation parameters, not encoded. */
  query: Readonly<Record<string, string>>
  /** Lower-case names; all are signed, with `host`. */
  headers: Readonly<Record<string, string>>
  credentials: Credentials
  region: string
  service: string
  signingDate: Date
  expiresIn: number
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/** RFC 3986: every character but A-Z a-z 0-9 - _ . ~ is %-encoded (what SigV4 and the SDK do). */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** `name=value` pairs sorted by name, then value, as both the canonical request and the SDK's URLs have them. */
export function formatQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .map((name) => [escapeUri(name), escapeUri(query[name] ?? '')] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

function dates(date: Date): { longDate: string; shortDate: string } {
  // 2026-11-23T10:00:00.000Z → 20261123T100000Z
  const longDate = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  return { longDate, shortDate: longDate.slice(0, 8) }
}

/** The derived key changes once a day per secret and region; keep the last few, ready to sign. */
const signers = new Map<string, ReturnType<typeof signingHashes.signer>>()
const MAX_CACHED_KEYS = 32

function signer(secret: string, shortDate: string, region: string, service: string): ReturnType<typeof signingHashes.signer> {
  const id = `${shortDate}\n${region}\n${service}\n${secret}`
  let pending = signers.get(id)
  if (pending === undefined) {
    const derived = signingHashes.signer(secret, shortDate, region, service)
    if (signers.size >= MAX_CACHED_KEYS) signers.clear()
    signers.set(id, derived)
    // A failed derivation is not kept: the next URL tries again.
    derived.catch(() => signers.get(id) === derived && signers.delete(id))
    pending = derived
  }
  return pending
}

/** The full query string of the presigned URL: the operation's parameters plus the X-Amz-* ones. */
export async function presignQuery(input: QuerySigningInput): Promise<string> {
  const { longDate, shortDate } = dates(input.signingDate)
  const scope = `${shortDate}/${input.region}/${input.service}/aws4_request`
  const headers: Record<string, string> = { ...input.headers, host: input.host }
  const names = Object.keys(headers).sort()
  const signedHeaders = names.join(';')
  const query: Record<string, string> = {
    ...input.query,
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Content-Sha256': UNSIGNED_PAYLOAD,
    'X-Amz-Credential': `${input.credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': longDate,
    'X-Amz-Expires': String(input.expiresIn),
    'X-Amz-SignedHeaders': signedHeaders,
  }
  if (input.credentials.sessionToken) query['X-Amz-Security-Token'] = input.credentials.sessionToken
  const canonicalQuery = formatQuery(query)
  const canonicalHeaders = names.map((name) => `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('')
  const canonicalRequest =
    `${input.method}\n${input.path}\n${canonicalQuery}\n${canonicalHeaders}\n${signedHeaders}\n${UNSIGNED_PAYLOAD}`
  const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${await signingHashes.sha256Hex(canonicalRequest)}`
  const sign = await signer(input.credentials.secretAccessKey, shortDate, input.region, input.service)
  const signature = await sign(stringToSign)
  return formatQuery({ ...query, 'X-Amz-Signature': signature })
}
