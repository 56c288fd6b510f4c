import { S3Client } from '@aws-sdk/client-s3'
import type { FastPresigner } from './fast-presigner.js'
import type { StoredObjectHead } from './stored-object.js'

/**
 * confirmUpload's HeadObject without the SDK's per-call machinery: signed by the fast
 * presigner and sent through the client's own request handler (its agent, proxy and
 * timeouts). `s3.send(new HeadObjectCommand)` clones and sorts the middleware stack,
 * resolves the endpoint rule set and signs headers on every call, the cost fast-presigner.ts
 * avoids for URLs (aws/aws-sdk-js-v3#4421): about 0.45 ms of CPU per HEAD against Ceph RGW,
 * this path about 0.13 ms (bench/confirm-cost.mjs); a confirm is one HEAD per file.
 *
 * Taken only for a client as the SDK builds it: a plain S3Client whose `send` and middleware
 * are the SDK's own, so a client mocked in the host's tests (aws-sdk-client-mock, `vi.spyOn`)
 * or given middleware of its own (tracing, extra headers) sees every HeadObject in `send`, and
 * only for buckets the fast presigner signs (and with the SDK's default no-op logger). Anything
 * but 200 or 404 (403, a redirect, 5xx, a network error) is asked again through `s3.send`, so
 * errors, retries and clock-skew correction stay the SDK's; after a 403 that client keeps to
 * `s3.send`.
 */

/** What the store said, or `unanswered`: ask `s3.send`. */
export type DirectHeadResult = StoredObjectHead | 'absent' | 'unanswered'

/** Long enough for a slow store to take the request; the URL is used once, at once. */
const HEAD_URL_EXPIRES_S = 60

interface Reference {
  middleware: string
  logger: unknown
}

let reference: Reference | undefined

/** A client nobody added to, as this copy of the SDK builds it: its middleware, and its logger's kind (a no-op). */
function sdkDefaults(): Reference {
  if (reference === undefined) {
    const fresh = new S3Client({})
    reference = { middleware: fresh.middlewareStack.identify().join('\n'), logger: Object.getPrototypeOf(fresh.config.logger) }
    fresh.destroy()
  }
  return reference
}

/** Clients whose store refused a direct HEAD (403: a policy against query signatures, say): `s3.send` from then on. */
const refused = new WeakSet<S3Client>()

/**
 * A client as the SDK made it: nothing between `send` and the store but the SDK itself, and
 * no logger that would miss the call.
 */
export function isPlainClient(s3: S3Client): boolean {
  const defaults = sdkDefaults()
  return Object.getPrototypeOf(s3) === S3Client.prototype &&
    !Object.hasOwn(s3, 'send') && !Object.hasOwn(S3Client.prototype, 'send') &&
    typeof s3.config.requestHandler?.handle === 'function' &&
    Object.getPrototypeOf(s3.config.logger) === defaults.logger &&
    s3.middlewareStack.identify().join('\n') === defaults.middleware
}

export async function directHead(
  s3: S3Client,
  presigner: FastPresigner,
  key: string,
  withChecksum: boolean,
): Promise<DirectHeadResult> {
  if (refused.has(s3) || !isPlainClient(s3)) return 'unanswered'
  const headers: Record<string, string> = withChecksum ? { 'x-amz-checksum-mode': 'ENABLED' } : {}
  const signed = await presigner.presign(
    { method: 'HEAD', key, query: {}, headers },
    // The skew the SDK has learnt from the store's answers, as its own signatures use it.
    { expiresIn: HEAD_URL_EXPIRES_S, signingDate: new Date(Date.now() + (s3.config.systemClockOffset ?? 0)) },
  )
  if (signed === undefined) return 'unanswered'
  const url = new URL(signed)
  let response
  try {
    ;({ response } = await s3.config.requestHandler.handle({
      method: 'HEAD',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...headers },
    }))
    // A HEAD has no body; reading the (empty) stream hands the connection back to the pool.
    if (response.body !== undefined) await s3.config.streamCollector(response.body)
  } catch {
    return 'unanswered'
  }
  if (response.statusCode === 404) return 'absent'
  if (response.statusCode === 403) refused.add(s3)
  if (response.statusCode !== 200) return 'unanswered'
  // Lower-case names: Node's and the Fetch API's handlers both give them so.
  const found: Record<string, string | undefined> = response.headers
  return {
    size: Number(found['content-length'] ?? 0),
    type: found['content-type'] ?? '',
    etag: found.etag ?? '',
    checksumSha256: found['x-amz-checksum-sha256'],
  }
}
