import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { HttpMethod } from '../protocol/messages.js'
import { presignCommand } from './sdk-presign.js'
import { escapeUri, presignQuery, type Credentials } from './sigv4-query.js'

/**
 * SigV4 query signing without the SDK's per-call machinery.
 *
 * `getSignedUrl` clones the client's middleware stack, resolves the endpoint
 * rule set and serialises a command on every call: about 1 ms of CPU for a few
 * microseconds of HMAC (reported as aws/aws-sdk-js-v3#4421 and #5723). The
 * endpoint of one bucket does not depend on the key, so it is resolved once,
 * by presigning a probe PutObject with the host's own
 * client (its endpoint, URL style, signing region and service); each later URL
 * is built from it and signed by sigv4-query.ts with the client's credentials
 * provider. The URLs are byte for byte those of `getSignedUrl`
 * (test/server/fast-presigner.test.ts compares them). Buckets the SDK signs in
 * unusual ways (access point ARNs, directory buckets, SigV4a) keep using
 * `getSignedUrl`.
 */

export interface PresignSpec {
  /** HEAD: the server's own HeadObject (direct-head.ts); the browser is never given one. */
  method: HttpMethod | 'HEAD'
  key: string
  /** The operation's own query parameters, e.g. `{ 'x-id': 'UploadPart', partNumber: '3', uploadId }`. */
  query: Record<string, string>
  /** Lower-case header names; all of them are signed. */
  headers: Record<string, string>
}

export interface PresignTiming {
  expiresIn: number
  signingDate: Date
}

interface Target {
  /** `http://host:port`, as the SDK writes it. */
  origin: string
  /** The Host header: `hostname[:port]`. */
  host: string
  /** `/` (virtual-hosted) or `/bucket/` (path-style). */
  pathPrefix: string
  region: string
  service: string
}

const PROBE_KEY = 'rps3-endpoint-probe'
const EXPECTED_PARAMS = /^(?:x-id|X-Amz-(?:Algorithm|Content-Sha256|Credential|Date|Expires|Security-Token|Signature|SignedHeaders))$/

function escapeKeyPath(key: string): string {
  return key.split('/').map(escapeUri).join('/')
}

/**
 * Presigns a probe with the host's client and keeps its endpoint, or `undefined` to stay on getSignedUrl.
 * The probe goes through the same path as the SDK fallback (sdk-presign.ts, which drops the checksum
 * parameters a client at SDK defaults adds), so it differs from what this signer makes only where the
 * host's client really signs something else: a query parameter, or a header its own middleware adds
 * (`host;x-tenant` where this signer would sign `host`). Then every URL stays on the SDK (issue 12).
 */
async function resolveTarget(s3: S3Client, bucket: string): Promise<Target | undefined> {
  if (bucket.startsWith('arn:') || bucket.endsWith('--x-s3')) return undefined
  const command = new PutObjectCommand({ Bucket: bucket, Key: PROBE_KEY })
  const probe = new URL(await presignCommand(s3, command, { expiresIn: 60, signingDate: new Date() }))
  const params = [...probe.searchParams.keys()]
  const scope = probe.searchParams.get('X-Amz-Credential')?.split('/') ?? []
  const usable = probe.pathname.endsWith(`/${PROBE_KEY}`) && params.every((name) => EXPECTED_PARAMS.test(name)) &&
    probe.searchParams.get('X-Amz-SignedHeaders') === 'host' &&
    probe.searchParams.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && scope.length >= 5 && !probe.username
  const [region, service] = [scope.at(-3), scope.at(-2)]
  if (!usable || region === undefined || service === undefined || region === '*') return undefined
  return {
    origin: `${probe.protocol}//${probe.host}`,
    host: probe.host,
    pathPrefix: probe.pathname.slice(0, -PROBE_KEY.length),
    region,
    service,
  }
}

export class FastPresigner {
  readonly #s3: S3Client
  readonly #bucket: string
  #target: Promise<Target | undefined> | undefined

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3
    this.#bucket = bucket
  }

  /** The URL, or `undefined` when this bucket needs the SDK's full path (the caller falls back). */
  async presign(spec: PresignSpec, timing: PresignTiming): Promise<string | undefined> {
    const target = await this.#resolve()
    if (target === undefined) return undefined
    // The client's provider caches and refreshes (role credentials expire); calling it is cheap.
    const credentials: Credentials = await this.#s3.config.credentials()
    const path = target.pathPrefix + escapeKeyPath(spec.key)
    const query = await presignQuery({
      method: spec.method,
      host: target.host,
      path,
      query: spec.query,
      headers: spec.headers,
      credentials,
      region: target.region,
      service: target.service,
      signingDate: timing.signingDate,
      expiresIn: timing.expiresIn,
    })
    return `${target.origin}${path}?${query}`
  }

  #resolve(): Promise<Target | undefined> {
    this.#target ??= resolveTarget(this.#s3, this.#bucket).catch((error: unknown) => {
      // Not cached: a failure (credentials not loaded yet…) is retried on the next request.
      this.#target = undefined
      throw error
    })
    return this.#target
  }
}
