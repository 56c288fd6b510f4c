import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import type { HttpMethod } from '../protocol/messages.js'
import type { PresignSpec } from './fast-presigner.js'
import type { CannedAcl } from './options.js'
import { presignCommand, type SdkPresignOptions } from './sdk-presign.js'

/**
 * The S3 requests the handler presigns, each described once. Both signers are
 * derived from the same description: `presignSpec` gives what fast-presigner.ts
 * signs, `presignViaSdk` the command getSignedUrl signs when the fast path is not
 * usable. Every parameter goes through FIELDS, which names its query parameter
 * or header and its SDK input field side by side, so the two cannot drift.
 */

/** What one request of a kind carries besides its key. */
interface FieldValues {
  contentType: string
  contentLength: number
  uploadId: string
  partNumber: number
  responseContentDisposition: string
  /** A canned ACL, signed as a header so the store refuses any other (see options.ts, `cannedAcl`). */
  acl: CannedAcl
  responseCacheControl: string
  /** ListParts: the parts after this number (the next page of a truncated listing); a string in the S3 API. */
  partNumberMarker: string
  /** Object settings the server decides (see object-settings.ts), signed so the browser cannot change them. */
  cacheControl: string
  contentDisposition: string
  /** `*`: the store refuses to overwrite an existing key (conditional write), where it supports it. */
  ifNoneMatch: string
  /** URL-encoded `k=v&…`, as S3's `x-amz-tagging`. */
  tagging: string
  /** User metadata, sent as `x-amz-meta-<name>`. */
  metadata: Record<string, string>
  /** Base64 MD5 of the body, signed as `content-md5`: the store refuses any other body (BadDigest) or none (SignatureDoesNotMatch). */
  contentMd5: string
  /** Base64 SHA-256 of the body (or, on Complete, the composite `<base64>-<parts>`), signed as a header: the store refuses any other (BadDigest). */
  checksumSha256: string
  /** CreateMultipartUpload: the store then requires that checksum on every part and checks the parts' on Complete. */
  checksumAlgorithm: 'SHA256'
}

type Field = keyof FieldValues

const FIELDS = {
  contentType: { header: 'content-type', input: 'ContentType' },
  contentLength: { header: 'content-length', input: 'ContentLength' },
  contentMd5: { header: 'content-md5', input: 'ContentMD5' },
  checksumSha256: { header: 'x-amz-checksum-sha256', input: 'ChecksumSHA256' },
  checksumAlgorithm: { header: 'x-amz-checksum-algorithm', input: 'ChecksumAlgorithm' },
  cacheControl: { header: 'cache-control', input: 'CacheControl' },
  contentDisposition: { header: 'content-disposition', input: 'ContentDisposition' },
  ifNoneMatch: { header: 'if-none-match', input: 'IfNoneMatch' },
  // A signed header: Ceph RGW ignores x-amz-tagging in the query string (seen with RGW 16).
  tagging: { header: 'x-amz-tagging', input: 'Tagging' },
  // Signed headers, not the query string getSignedUrl would hoist them into: Ceph RGW 16
  // ignores x-amz-meta-* in the query of CreateMultipartUpload, and on PutObject merges an
  // unsigned x-amz-meta-<name> header the browser adds into the signed value ("evil,42").
  // The bucket's CORS rule must then allow `x-amz-meta-*` (test/e2e/object-settings-browser).
  metadata: { headerPrefix: 'x-amz-meta-', input: 'Metadata' },
  uploadId: { query: 'uploadId', input: 'UploadId' },
  partNumber: { query: 'partNumber', input: 'PartNumber' },
  partNumberMarker: { query: 'part-number-marker', input: 'PartNumberMarker' },
  responseContentDisposition: { query: 'response-content-disposition', input: 'ResponseContentDisposition' },
  acl: { header: 'x-amz-acl', input: 'ACL' },
  responseCacheControl: { query: 'response-cache-control', input: 'ResponseCacheControl' },
} as const satisfies Record<Field, { header: string; input: string } | { query: string; input: string } | { headerPrefix: string; input: string }>

/** Every header some request signs (the bucket's CORS rule must allow those the browser sends). */
export const SIGNED_HEADERS: readonly string[] = Object.values(FIELDS).flatMap((place) =>
  'header' in place ? [place.header] : 'headerPrefix' in place ? [`${place.headerPrefix}*`] : [])

type Place = { header: string } | { query: string } | { headerPrefix: string }
type FieldValue = string | number | Record<string, string>

/** Settings a new object may carry (PutObject, CreateMultipartUpload). */
type ObjectSettings = 'cacheControl' | 'contentDisposition' | 'tagging' | 'metadata'

/** A request's key, its `Required` fields, and its `Optional` ones (signed only when given). */
type Params<Required extends Field, Optional extends Field = never> =
  & { key: string }
  & Pick<FieldValues, Required>
  & { [F in Optional]?: FieldValues[F] | undefined }

export interface S3RequestParams {
  PutObject: Params<'contentType' | 'contentLength', 'acl' | 'contentMd5' | 'checksumSha256' | 'ifNoneMatch' | ObjectSettings>
  CreateMultipartUpload: Params<'contentType', 'acl' | 'checksumAlgorithm' | ObjectSettings>
  /** `contentLength` (see part-layout.ts) is signed: the store refuses a part of another length. Never unbound (issue 12). */
  UploadPart: Params<'uploadId' | 'partNumber' | 'contentLength', 'contentMd5' | 'checksumSha256'>
  ListParts: Params<'uploadId', 'partNumberMarker'>
  CompleteMultipartUpload: Params<'uploadId', 'ifNoneMatch' | 'checksumSha256'>
  AbortMultipartUpload: Params<'uploadId'>
  GetObject: Params<never, 'responseContentDisposition' | 'responseCacheControl'>
}

export type S3RequestName = keyof S3RequestParams

/** The SDK input of a request: `{ Bucket, Key }` plus each field under its SDK name. */
type SdkInput<N extends S3RequestName> = { Bucket: string; Key: string } & {
  [F in Exclude<keyof S3RequestParams[N], 'key'> as F extends Field ? (typeof FIELDS)[F]['input'] : never]:
    S3RequestParams[N][F]
}

type ViaSdk<N extends S3RequestName> = (s3: S3Client, input: SdkInput<N>, options: SdkPresignOptions) => Promise<string>

interface S3Request<N extends S3RequestName> {
  method: HttpMethod
  /** Query parameters every request of this kind has, as the SDK serialises them. */
  query: Readonly<Record<string, string>>
  /** getSignedUrl on the SDK's command for this request. */
  viaSdk: ViaSdk<N>
}

// Each command is written once, here; its input comes from the same params as the fast signer's spec.
// CompleteMultipartUpload is the one the SDK serialises without `x-id`.
const S3_REQUESTS: { [N in S3RequestName]: S3Request<N> } = {
  PutObject: {
    method: 'PUT',
    query: { 'x-id': 'PutObject' },
    viaSdk: (s3, input, options) => presignCommand(s3, new PutObjectCommand(input), options),
  },
  CreateMultipartUpload: {
    method: 'POST',
    query: { uploads: '' },
    viaSdk: (s3, input, options) => presignCommand(s3, new CreateMultipartUploadCommand(input), options),
  },
  UploadPart: {
    method: 'PUT',
    query: { 'x-id': 'UploadPart' },
    viaSdk: (s3, input, options) => presignCommand(s3, new UploadPartCommand(input), options),
  },
  ListParts: {
    method: 'GET',
    query: { 'x-id': 'ListParts' },
    viaSdk: (s3, input, options) => presignCommand(s3, new ListPartsCommand(input), options),
  },
  CompleteMultipartUpload: {
    method: 'POST',
    query: {},
    viaSdk: (s3, input, options) => presignCommand(s3, new CompleteMultipartUploadCommand(input), options),
  },
  AbortMultipartUpload: {
    method: 'DELETE',
    query: { 'x-id': 'AbortMultipartUpload' },
    viaSdk: (s3, input, options) => presignCommand(s3, new AbortMultipartUploadCommand(input), options),
  },
  GetObject: {
    method: 'GET',
    query: { 'x-id': 'GetObject' },
    viaSdk: (s3, input, options) => presignCommand(s3, new GetObjectCommand(input), options),
  },
}

function isField(name: string): name is Field {
  return Object.hasOwn(FIELDS, name)
}

/** The fields a request carries, with their values; absent optional fields are left out. */
function fieldsOf(params: { key: string }): Array<[Field, FieldValue]> {
  return Object.entries(params).flatMap(([name, value]) =>
    isField(name) && (typeof value === 'string' || typeof value === 'number' || (typeof value === 'object' && value !== null))
      ? [[name, value] as [Field, FieldValue]]
      : [],
  )
}

/** What the fast signer signs: the request's own query parameters and headers, all signed. */
export function presignSpec<N extends S3RequestName>(name: N, params: S3RequestParams[N]): PresignSpec & { method: HttpMethod } {
  const { method, query } = S3_REQUESTS[name]
  const spec: PresignSpec & { method: HttpMethod } = { method, key: params.key, query: { ...query }, headers: {} }
  for (const [field, value] of fieldsOf(params)) {
    const place: Place = FIELDS[field]
    if ('headerPrefix' in place) {
      // The SDK lower-cases header names.
      for (const [name, item] of Object.entries(value)) spec.headers[place.headerPrefix + name.toLowerCase()] = String(item)
    } else if ('header' in place) spec.headers[place.header] = String(value)
    else spec.query[place.query] = String(value)
  }
  return spec
}

/**
 * The same request signed by getSignedUrl. Every header of the spec is named signable,
 * so both paths sign the same headers, and no `x-amz-*` one is hoisted into the query:
 * a store compares only a signed *header* with what the browser sends (RGW honours
 * an unsigned `x-amz-acl` header over a signed `x-amz-acl` query parameter).
 */
export function presignViaSdk<N extends S3RequestName>(
  s3: S3Client,
  bucket: string,
  name: N,
  params: S3RequestParams[N],
  timing: { expiresIn: number; signingDate: Date },
): Promise<string> {
  const input: Record<string, unknown> = { Bucket: bucket, Key: params.key }
  for (const [field, value] of fieldsOf(params)) input[FIELDS[field].input] = value
  const headers = Object.keys(presignSpec(name, params).headers)
  const { expiresIn, signingDate } = timing
  const amzHeaders = headers.filter((name) => name.startsWith('x-amz-'))
  const options = headers.length === 0 ? { expiresIn, signingDate } : {
    expiresIn,
    signingDate,
    signableHeaders: new Set(headers),
    ...(amzHeaders.length === 0 ? {} : { unhoistableHeaders: new Set(amzHeaders) }),
  }
  // Built field by field from FIELDS, which is what SdkInput<N> spells out in types.
  return S3_REQUESTS[name].viaSdk(s3, input as SdkInput<N>, options)
}
