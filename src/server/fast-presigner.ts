import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner'
import type { HttpMethod } from '../core/protocol.js'

/**
 * SigV4 query signing without the SDK's per-call machinery.
 *
 * `getSignedUrl` clones the client's middleware stack, resolves the endpoint
 * rule set and serialises a command on every call: about 1 ms of CPU for a few
 * microseconds of HMAC. The endpoint of one bucket does not depend on the key,
 * so it is resolved once, by presigning a probe PutObject with the host's own
 * client; each later URL is built from it and signed by the SDK's
 * S3RequestPresigner (the same signer `getSignedUrl` ends in). The URLs are
 * byte for byte those of `getSignedUrl` (test/server/fast-presigner.test.ts
 * compares them). Buckets the SDK signs in unusual ways (access point ARNs,
 * directory buckets, SigV4a) keep using `getSignedUrl`.
 */

export interface PresignSpec {
  method: HttpMethod
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
  protocol: string
  hostname: string
  port: number | undefined
  /** `/` (virtual-hosted) or `/bucket/` (path-style). */
  pathPrefix: string
  signer: S3RequestPresigner
}

const PROBE_KEY = 'rps3-endpoint-probe'
const EXPECTED_PARAMS = /^(?:x-id|X-Amz-(?:Algorithm|Content-Sha256|Credential|Date|Expires|Security-Token|Signature|SignedHeaders))$/

/** RFC 3986 unreserved characters stay; everything else is %-encoded, as SigV4 wants. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function escapeKeyPath(key: string): string {
  return key.split('/').map(escapeUri).join('/')
}

/** What `formatUrl` of the SDK writes: parameters sorted by name. */
function formatQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((name) => `${escapeUri(name)}=${escapeUri(query[name] ?? '')}`)
    .join('&')
}

function signerFor(s3: S3Client, region: string, service: string): S3RequestPresigner {
  // As getSignedUrl does: the client's resolved config (credentials provider, sha256…).
  const config = { ...s3.config, signingName: service, region: async () => region }
  return new S3RequestPresigner(config as ConstructorParameters<typeof S3RequestPresigner>[0])
}

/** Presigns a probe with the host's client and keeps its endpoint, or `undefined` to stay on getSignedUrl. */
async function resolveTarget(s3: S3Client, bucket: string): Promise<Target | undefined> {
  if (bucket.startsWith('arn:') || bucket.endsWith('--x-s3')) return undefined
  const probe = new URL(await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: PROBE_KEY }), { expiresIn: 60 }))
  const params = [...probe.searchParams.keys()]
  const scope = probe.searchParams.get('X-Amz-Credential')?.split('/') ?? []
  const usable = probe.pathname.endsWith(`/${PROBE_KEY}`) && params.every((name) => EXPECTED_PARAMS.test(name)) &&
    probe.searchParams.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && scope.length >= 5 && !probe.username
  const [region, service] = [scope.at(-3), scope.at(-2)]
  if (!usable || region === undefined || service === undefined || region === '*') return undefined
  return {
    protocol: probe.protocol,
    hostname: probe.hostname,
    port: probe.port === '' ? undefined : Number(probe.port),
    pathPrefix: probe.pathname.slice(0, -PROBE_KEY.length),
    signer: signerFor(s3, region, service),
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
    const { protocol, hostname, port, pathPrefix, signer } = target
    const request = {
      method: spec.method,
      protocol,
      hostname,
      port,
      path: pathPrefix + escapeKeyPath(spec.key),
      query: { ...spec.query },
      headers: { ...spec.headers },
    }
    const signed = await signer.presign(request, {
      expiresIn: timing.expiresIn,
      signingDate: timing.signingDate,
      signableHeaders: new Set(Object.keys(spec.headers)),
    })
    const query = formatQuery(signed.query as Record<string, string>)
    return `${protocol}//${hostname}${port === undefined ? '' : `:${port}`}${signed.path}?${query}`
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
