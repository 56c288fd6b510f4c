import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'

export interface CreateS3ClientOptions {
  /** e.g. `http://127.0.0.1:9000` for a local store; omit for AWS. */
  endpoint?: string
  region: string
  /** Omit to use the SDK's default chain (environment, profile, instance role). */
  credentials?: S3ClientConfig['credentials']
  /** `true` for most local and self-hosted stores (`host/bucket/key` instead of `bucket.host/key`). */
  forcePathStyle?: boolean
}

/**
 * An S3Client set up for presigning. Create it once and share it: signing reuses it.
 *
 * Since v3.729 the SDK defaults to `requestChecksumCalculation: 'WHEN_SUPPORTED'`, which
 * puts `x-amz-checksum-crc32=AAAAAA==` (the CRC of an *empty* body, computed at signing
 * time) into presigned PutObject/UploadPart URLs; stores that check it refuse every real
 * upload. 'WHEN_REQUIRED' leaves checksums out of presigned URLs. The response setting
 * keeps the SDK from validating checksums the store may not send.
 * https://github.com/aws/aws-sdk-js-v3/issues/6810 announces the change (third-party stores in its thread).
 * (The handler also drops such headers from URLs signed with any other client.)
 */
export function createS3Client(options: CreateS3ClientOptions): S3Client {
  const { endpoint, region, credentials, forcePathStyle } = options
  return new S3Client({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    ...(forcePathStyle === undefined ? {} : { forcePathStyle }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}
