import type { S3Client } from '@aws-sdk/client-s3'
import { MAX_KEYS_PER_REQUEST_LIMIT, S3_MAX_OBJECT_SIZE, S3_MAX_PART_NUMBER, S3_MAX_PUT_OBJECT_SIZE, S3_MIN_PART_SIZE, SERVER_LIMIT_DEFAULTS } from '../protocol/index.js'
import type { ChecksumAlgorithm, GetObjectsRequest, PresignRequest } from '../protocol/messages.js'
import { isChecksumAlgorithm } from './checksum-policy.js'
import { validateContentTypePatterns, type ContentTypePattern } from './content-type.js'
import { normalizeKeyPrefix } from './object-key.js'
import { validateAllowedOrigins } from './origin-check.js'
import { resolveReadOptions, type ReadOptions, type ResolvedReadOptions } from './read-options.js'
import type { PresignRoutes } from './routes.js'
import { checkObjectSettings } from './object-settings-options.js'
import type { ObjectSettingsOptions } from './object-settings.js'

/**
 * What the caller asks to have signed, as parsed and checked from the body.
 * For file operations `file.type` is the effective type (`application/octet-stream`
 * when the browser sent none); `file.name` is the name as sent, before sanitising.
 */
export type PresignIntent = Exclude<PresignRequest, GetObjectsRequest> | GetObjectIntent

/**
 * One key of a `getObjects` request: `authorize` decides per key, and a read outside the
 * caller's key prefix is refused (KEY_OUTSIDE_PREFIX) unless `authorize` grants a wider one.
 */
export interface GetObjectIntent {
  operation: 'getObject'
  key: string
  responseContentDisposition?: string
}

/**
 * `{ allow: true, keyPrefix }` confines the caller to its own folder, e.g. `users/42/`.
 * `{ allow: false, status: 401 }` answers UNAUTHORIZED (not signed in); otherwise FORBIDDEN.
 * `message` is sent to the browser, so keep it user-safe.
 */
export type AuthorizeResult =
  | { allow: true; keyPrefix?: string }
  | { allow: false; status?: 401 | 403; message?: string }

export type AuthorizeFunction = (
  request: Request,
  intent: PresignIntent,
) => boolean | AuthorizeResult | Promise<boolean | AuthorizeResult>

export type KeyPrefixFunction = (request: Request, intent: PresignIntent) => string | Promise<string>

/** What `confirmUpload` found in the store, as the host's `onUploadComplete` gets it. */
export interface UploadCompleteEvent {
  /** The browser's request to the endpoint (its cookies and headers say who the user is). */
  request: Request
  key: string
  /** In bytes, as the store has it (HeadObject). */
  size: number
  /** The Content-Type the store has, the one signed into the upload. */
  type: string
  /** The store's ETag, quotes included. */
  etag: string
  /** Base64 MD5 of the whole object when the store's ETag is one (a single PUT); otherwise `undefined`. */
  checksum: string | undefined
  /** With `checksumAlgorithm: 'sha256'`: the store's `ChecksumSHA256` (composite `<base64>-<parts>` for multipart), which matched the browser's. */
  sha256?: string | undefined
  /**
   * The same for every confirm of this object (key + ETag): a retried confirm, whose first
   * answer was lost, brings the same key. Write with an upsert on it, never a plain insert.
   */
  idempotencyKey: string
}

/** Returns what the browser gets as `file.serverData` (any JSON value), or nothing. */
export type UploadCompleteFunction = (event: UploadCompleteEvent) => unknown

export interface PresignHandlerOptions extends ReadOptions {
  /** Created once by the host app and reused: signing is CPU only, no request to S3 is made. */
  s3: S3Client
  bucket: string
  /**
   * Required. Called before anything is signed; the request body has already been
   * read, so use headers/cookies and the parsed `intent`. `() => true` allows everyone.
   */
  authorize: AuthorizeFunction
  /**
   * Folder new keys go under, and that multipart calls are confined to. Default `uploads/`.
   * A '/' is appended when missing. A function must give the same prefix for the same
   * caller on every call, or multipart calls on its own uploads fail with KEY_OUTSIDE_PREFIX.
   * A `keyPrefix` returned by `authorize` wins over this option.
   */
  keyPrefix?: string | KeyPrefixFunction
  /**
   * Lets a `keyPrefix` of `''` (option, function result or authorize result) mean the
   * whole bucket. Default `false`: then `''` is a TypeError at creation (option) or a
   * 500 naming this option (function, authorize), never a silent grant of every key.
   */
  allowWholeBucket?: boolean
  /** Lifetime of every signed URL, in seconds. Default 300; SigV4 allows up to 604800 (7 days). */
  expiresIn?: number
  /**
   * Largest declared file size in bytes, for single PUTs and multipart uploads alike.
   * Default: S3's own limits, 5 GiB for `putObject` and 5 TiB for multipart. A larger
   * value is capped at those limits, since S3 would refuse the upload anyway.
   */
  maxFileSize?: number
  /** e.g. `['image/*', 'application/pdf', /^video\/(mp4|webm)$/]`. Default: every type. */
  allowedContentTypes?: ContentTypePattern[]
  /** Largest accepted request body. Default 64 KiB; larger bodies get 413 REQUEST_TOO_LARGE. */
  maxRequestBytes?: number
  /** Most part numbers `signParts` signs per request. Default 100, at most 10000. */
  maxPartNumbersPerRequest?: number
  /** Receives unexpected errors (answered 500 INTERNAL_ERROR). Default: console.error. */
  onError?: (error: unknown) => void
  /**
   * Lifetime of GET URLs signed by `getObjects`, in seconds. Default 60: a read URL leaks
   * easily (copied links, history, logs) and `<SignedImage>` refreshes it by itself.
   */
  getObjectExpiresIn?: number
  /** Most keys `getObjects` signs per request. Default 500. */
  maxKeysPerRequest?: number
  /** Most parts of one multipart upload (highest part number signed). Default 10000, S3's limit. */
  maxPartCount?: number
  /** Largest part the client may plan, in bytes; with `maxPartCount` it caps multipart files. Default 5 GiB, S3's limit. */
  maxPartSize?: number
  /** Most operations in one `batch` request. Default 100. */
  maxBatchSize?: number
  /**
   * How long after `createMultipartUpload` an upload may still get part URLs, be listed
   * or be completed, in seconds (abort is always allowed). Default 86400 (24 h). The time
   * is bound into the key, so a replayed create URL cannot overwrite an object later.
   */
  maxUploadAgeSeconds?: number
  /**
   * Pages that may call the endpoint, e.g. `['https://app.example.com']`: a request whose
   * `Origin` is another (or, without `Origin`, whose `Sec-Fetch-Site` is not `same-origin`)
   * gets 403 ORIGIN_NOT_ALLOWED before anything else. Defence in depth: the JSON-only rule
   * already stops cross-site forms. Default: not checked.
   */
  allowedOrigins?: string[]
  /**
   * A canned ACL signed into every `putObject` and `createMultipartUpload` URL as the
   * `x-amz-acl` header, which the browser then sends. On stores that honour unsigned
   * `x-amz-*` headers (Ceph RGW, s3rver) a user could otherwise add `x-amz-acl: public-read`
   * or `x-amz-grant-read` and make an upload anonymously readable; with it signed, RGW
   * refuses both. Needs `x-amz-acl` in the bucket's CORS `AllowedHeaders`. Use
   * `'bucket-owner-full-control'` on AWS (buckets with ACLs disabled refuse `'private'`;
   * AWS refuses unsigned `x-amz-*` headers anyway). Default: none signed.
   */
  cannedAcl?: CannedAcl
  /**
   * Refuse `putObject` and `signParts` without the body's MD5 (CHECKSUM_REQUIRED). The digest
   * is signed into the URL as `Content-MD5`, so the store refuses damaged or other bytes and a
   * client cannot drop the header. Default `true`: this library's uploader always sends it
   * (unless its `checksum` option is turned off). Set `false` for clients that do not hash.
   */
  requireChecksum?: boolean
  /**
   * The digest signed into each upload URL: `'md5'` (default) as `Content-MD5`, which every
   * S3-compatible store verifies; `'sha256'` as `x-amz-checksum-sha256` per PUT and part, with
   * `x-amz-checksum-algorithm: SHA256` on CreateMultipartUpload and the composite checksum on
   * CompleteMultipartUpload. **`'sha256'` is for AWS S3** (and stores with S3's additional
   * checksums): Ceph RGW 16 ignores the header, so nothing would be verified (docs/providers.md).
   * The uploader must hash with the same algorithm (its `checksumAlgorithm`); a digest of another
   * is refused with CHECKSUM_ALGORITHM_MISMATCH. The bucket's CORS rule must allow the headers.
   */
  checksumAlgorithm?: ChecksumAlgorithm
  /**
   * Called by `confirmUpload` once the store has an object that matches what was signed and
   * hashed: record the upload (an upsert on `idempotencyKey`), return JSON for the browser.
   * `confirmUpload` makes two S3 calls with the client's credentials, so they need `s3:GetObject` and
   * `s3:DeleteObject`: DeleteObject (for an object that does not match) through `s3.send`; HeadObject
   * through `s3.send` too, except on a plain client (an `S3Client` with the SDK's own `send` and
   * middleware) and a bucket URLs are signed for without the SDK: there it is a query-signed HEAD sent
   * through the client's own request handler (a third of the CPU; `s3.send` again for any answer but
   * 200 or 404). A mocked `send` (aws-sdk-client-mock, `vi.spyOn`) or added middleware gets every call.
   */
  onUploadComplete?: UploadCompleteFunction
  /**
   * `confirmUpload` compares the store's ETag with the one the browser's MD5s predict.
   * Default `true`; turn off for buckets whose ETags are not MD5s (SSE-KMS, SSE-C).
   */
  compareEtag?: boolean
  /**
   * Kinds of upload with their own rules, by name: `{ avatar: { maxFileSize, allowedContentTypes,
   * keyPrefix, authorize, onUploadComplete }, documents: { … } }`. A request naming a `route`
   * (`<S3Uploader route="avatar">`) is answered with these options over the ones above; one
   * naming an unknown route gets 400 UNKNOWN_ROUTE; one naming none gets the options above.
   * Give each route its own `keyPrefix`: calls on an existing key are held to its route's prefix.
   */
  routes?: PresignRoutes
  /** Cache-Control, Content-Disposition, metadata, tags and no-overwrite, signed into new objects' URLs (object-settings.ts). */
  objectSettings?: ObjectSettingsOptions
}

/** The canned ACLs `cannedAcl` may sign: both keep an upload private to the bucket's owner. */
export type CannedAcl = 'private' | 'bucket-owner-full-control'
const CANNED_ACLS: ReadonlySet<string> = new Set<CannedAcl>(['private', 'bucket-owner-full-control'])

function checksumAlgorithmOption(value: unknown): ChecksumAlgorithm {
  if (value === undefined) return 'md5'
  if (!isChecksumAlgorithm(value)) throw new TypeError(`checksumAlgorithm must be 'md5' or 'sha256', got ${JSON.stringify(value)}`)
  return value
}

function cannedAclOption(value: unknown): CannedAcl | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !CANNED_ACLS.has(value)) {
    throw new TypeError(`cannedAcl must be 'private' or 'bucket-owner-full-control', got ${JSON.stringify(value)}`)
  }
  return value as CannedAcl
}

export interface ResolvedOptions extends ResolvedReadOptions {
  s3: S3Client
  bucket: string
  authorize: AuthorizeFunction
  keyPrefix: string | KeyPrefixFunction
  allowWholeBucket: boolean
  expiresIn: number
  maxPutObjectSize: number
  maxMultipartSize: number
  allowedContentTypes: ContentTypePattern[] | undefined
  maxRequestBytes: number
  maxPartNumbersPerRequest: number
  onError: (error: unknown) => void
  getObjectExpiresIn: number
  maxKeysPerRequest: number
  maxPartCount: number
  maxPartSize: number
  maxBatchSize: number
  maxUploadAgeSeconds: number
  allowedOrigins: ReadonlySet<string> | undefined
  cannedAcl: CannedAcl | undefined
  requireChecksum: boolean
  checksumAlgorithm: ChecksumAlgorithm
  onUploadComplete: UploadCompleteFunction | undefined
  compareEtag: boolean
  objectSettings: ObjectSettingsOptions | undefined
}

const MAX_PRESIGN_EXPIRY = 7 * 24 * 60 * 60
const MAX_UPLOAD_AGE = 365 * 24 * 60 * 60

function integerOption(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`)
  }
  return value
}

function booleanOption(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${typeof value}`)
  return value
}

function functionOption<F extends (...args: never[]) => unknown>(value: F | undefined, name: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(`${name} must be a function`)
  return value
}

function checkRequired(options: PresignHandlerOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createPresignHandler needs an options object')
  }
  const { s3, bucket, authorize } = options
  if (typeof s3 !== 'object' || s3 === null || typeof s3.send !== 'function') {
    throw new TypeError('s3 must be an S3Client from @aws-sdk/client-s3')
  }
  if (typeof bucket !== 'string' || bucket === '') throw new TypeError('bucket must be a non-empty string')
  if (typeof authorize !== 'function') {
    // No default on purpose: an endpoint that signs uploads for anyone must be a visible choice.
    throw new TypeError('authorize is required; pass `authorize: () => true` to allow every caller explicitly')
  }
  if ('requirePartSize' in options && (options as { requirePartSize?: unknown }).requirePartSize !== true) {
    // Removed, loudly: a part URL without a signed length accepts any body, and on stores
    // that honour unsigned x-amz-* headers (RGW, s3rver) an UploadPartCopy (issue 12).
    throw new TypeError(
      'requirePartSize was removed: every multipart upload must declare its partSize (the browser uploader always does)',
    )
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new TypeError('onError must be a function')
  }
}

function defaultOnError(error: unknown): void {
  console.error('[react-presigned-s3] presign handler failed:', error)
}

/** Checks everything at creation, so a misconfigured app fails at startup, not on the first upload. */
export function resolveOptions(options: PresignHandlerOptions): ResolvedOptions {
  checkRequired(options)
  const maxFileSize = integerOption(options.maxFileSize, 'maxFileSize', 0, Number.MAX_SAFE_INTEGER, S3_MAX_OBJECT_SIZE)
  const { keyPrefix = 'uploads/', allowedContentTypes } = options
  const allowWholeBucket = booleanOption(options.allowWholeBucket, 'allowWholeBucket', false)
  const getObjectExpiresIn = integerOption(options.getObjectExpiresIn, 'getObjectExpiresIn', 1, MAX_PRESIGN_EXPIRY, 60)
  return {
    s3: options.s3,
    bucket: options.bucket,
    authorize: options.authorize,
    keyPrefix: typeof keyPrefix === 'function' ? keyPrefix : normalizeKeyPrefix(keyPrefix, 'keyPrefix', allowWholeBucket),
    allowWholeBucket,
    expiresIn: integerOption(options.expiresIn, 'expiresIn', 1, MAX_PRESIGN_EXPIRY, 300),
    maxPutObjectSize: Math.min(maxFileSize, S3_MAX_PUT_OBJECT_SIZE),
    maxMultipartSize: Math.min(maxFileSize, S3_MAX_OBJECT_SIZE),
    allowedContentTypes: allowedContentTypes === undefined ? undefined : validateContentTypePatterns(allowedContentTypes),
    maxRequestBytes: integerOption(options.maxRequestBytes, 'maxRequestBytes', 1, Number.MAX_SAFE_INTEGER, SERVER_LIMIT_DEFAULTS.maxRequestBytes),
    maxPartNumbersPerRequest: integerOption(
      options.maxPartNumbersPerRequest, 'maxPartNumbersPerRequest', 1, S3_MAX_PART_NUMBER, SERVER_LIMIT_DEFAULTS.maxPartNumbersPerRequest,
    ),
    onError: options.onError ?? defaultOnError,
    getObjectExpiresIn,
    ...resolveReadOptions(options, getObjectExpiresIn),
    maxKeysPerRequest: integerOption(options.maxKeysPerRequest, 'maxKeysPerRequest', 1, MAX_KEYS_PER_REQUEST_LIMIT, SERVER_LIMIT_DEFAULTS.maxKeysPerRequest),
    maxPartCount: integerOption(options.maxPartCount, 'maxPartCount', 1, S3_MAX_PART_NUMBER, S3_MAX_PART_NUMBER),
    maxPartSize: integerOption(options.maxPartSize, 'maxPartSize', S3_MIN_PART_SIZE, S3_MAX_PUT_OBJECT_SIZE, S3_MAX_PUT_OBJECT_SIZE),
    maxBatchSize: integerOption(options.maxBatchSize, 'maxBatchSize', 1, 1000, SERVER_LIMIT_DEFAULTS.maxBatchSize),
    allowedOrigins: validateAllowedOrigins(options.allowedOrigins),
    cannedAcl: cannedAclOption(options.cannedAcl),
    maxUploadAgeSeconds: integerOption(options.maxUploadAgeSeconds, 'maxUploadAgeSeconds', 1, MAX_UPLOAD_AGE, 24 * 60 * 60),
    requireChecksum: booleanOption(options.requireChecksum, 'requireChecksum', true),
    checksumAlgorithm: checksumAlgorithmOption(options.checksumAlgorithm),
    onUploadComplete: functionOption(options.onUploadComplete, 'onUploadComplete'),
    compareEtag: booleanOption(options.compareEtag, 'compareEtag', true),
    objectSettings: checkObjectSettings(options.objectSettings),
  }
}
