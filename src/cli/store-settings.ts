/**
 * The bucket settings that close, in the store, what a presigned URL cannot: stores such as
 * Ceph RGW 16 and s3rver honour `x-amz-*` headers a browser adds to a URL without signing
 * them (AWS S3 refuses them with HeadersNotSigned). One place for the docs, `doctor`'s fixes
 * and the e2e tests that prove them against RGW (test/e2e/store-attacks.e2e.test.ts).
 */

/** Grant headers and their statement ids; one statement each, as conditions inside one statement must all hold. */
const GRANT_HEADERS = {
  'x-amz-grant-read': 'DenyGrantRead',
  'x-amz-grant-write': 'DenyGrantWrite',
  'x-amz-grant-read-acp': 'DenyGrantReadAcp',
  'x-amz-grant-write-acp': 'DenyGrantWriteAcp',
  'x-amz-grant-full-control': 'DenyGrantFullControl',
} as const

/** Canned ACLs that open an object beyond the bucket owner. */
export const PUBLIC_CANNED_ACLS = ['public-read', 'public-read-write', 'authenticated-read'] as const

function denyPutObject(sid: string, bucket: string, condition: Record<string, Record<string, string | readonly string[]>>) {
  return { Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: condition }
}

/**
 * Denies CopyObject into the bucket (an `x-amz-copy-source` added to a PUT URL), public canned
 * ACLs and ACL grants on PutObject. On RGW 16 it does NOT reach UploadPartCopy, nor ACL headers
 * on CreateMultipartUpload: the handler's length-bound part URLs and IgnorePublicAcls close those.
 * Not `Null` conditions: RGW 16 evaluates `"Null": {"s3:x-amz-copy-source": "false"}` so that it
 * refuses plain PUTs too.
 */
export function uploadBucketPolicy(bucket: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      denyPutObject('DenyCopyIntoBucket', bucket, { StringLike: { 's3:x-amz-copy-source': '*' } }),
      denyPutObject('DenyPublicCannedAcl', bucket, { StringEquals: { 's3:x-amz-acl': PUBLIC_CANNED_ACLS } }),
      ...Object.entries(GRANT_HEADERS).map(([header, sid]) => denyPutObject(sid, bucket, { StringLike: { [`s3:${header}`]: '*' } })),
    ],
  }
}

/**
 * IgnorePublicAcls makes an ACL that slipped through (RGW 16 applies `x-amz-acl` and grants sent
 * to a CreateMultipartUpload URL, which no bucket policy condition sees) grant nothing.
 * BlockPublicAcls stays off: on RGW 16 it refuses every PutObject, with or without an ACL
 * (checked 2026-12-01); on AWS S3, new buckets have all four on and ACLs disabled, which is better.
 */
export const PUBLIC_ACCESS_BLOCK = {
  BlockPublicAcls: false,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
} as const

/** Aborts multipart uploads left unfinished, so an upload id cannot be completed days later. */
export const ABORT_INCOMPLETE_UPLOADS_RULE = {
  ID: 'abort-incomplete-multipart-uploads',
  Status: 'Enabled',
  Filter: { Prefix: '' },
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
} as const

/** The policy as docs/providers.md prints it (and a unit test compares): one statement per line. */
export function uploadBucketPolicyJson(bucket: string): string {
  const { Version, Statement } = uploadBucketPolicy(bucket)
  const statements = Statement.map((statement) => `    ${JSON.stringify(statement)}`).join(',\n')
  return `{\n  "Version": ${JSON.stringify(Version)},\n  "Statement": [\n${statements}\n  ]\n}`
}

/**
 * Headers the browser sends with the signed requests (each one signed into the URL, see
 * src/server/s3-requests.ts; a unit test keeps the two equal): the bucket's CORS rule must
 * allow every one the handler is configured to sign, or the preflight fails. `content-md5`
 * always (requireChecksum), `cache-control`, `content-disposition`, `x-amz-meta-*`,
 * `x-amz-tagging` and `if-none-match` with objectSettings, `x-amz-acl` with cannedAcl.
 * Content-Length the browser sets itself.
 */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'content-md5',
  'cache-control',
  'content-disposition',
  'x-amz-meta-*',
  'x-amz-tagging',
  'if-none-match',
  'x-amz-acl',
  'x-amz-checksum-sha256',
  'x-amz-checksum-algorithm',
] as const

/** PUT objects and parts, POST to create and complete multipart uploads, GET to list parts, DELETE to abort. */
export const CORS_ALLOWED_METHODS = ['PUT', 'POST', 'GET', 'DELETE'] as const

/** The bucket CORS rule the docs print and doctor proposes, for the page's origin. */
export function bucketCorsRule(origin: string) {
  return {
    AllowedOrigins: [origin],
    AllowedMethods: [...CORS_ALLOWED_METHODS],
    AllowedHeaders: [...CORS_ALLOWED_HEADERS],
    ExposeHeaders: ['ETag'],
    MaxAgeSeconds: 3000,
  }
}
