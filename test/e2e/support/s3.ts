import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { inject } from 'vitest'

/** An SDK client on the test's RGW, to check what really landed. */
export function rgwClient(): S3Client {
  const { endpoint, region, accessKeyId, secretAccessKey } = inject('rgw')
  return new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

export async function readObject(s3: S3Client, key: string, bucket = inject('rgw').bucket) {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  const body = Buffer.from(await got.Body!.transformToByteArray())
  return { contentType: head.ContentType, body }
}

/** Every key under `prefix`, page by page (a listing returns at most 1000). */
export async function listKeys(s3: S3Client, prefix = '', bucket = inject('rgw').bucket): Promise<string[]> {
  const keys: string[] = []
  let ContinuationToken: string | undefined
  do {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }))
    keys.push(...(listed.Contents ?? []).map((object) => object.Key!))
    ContinuationToken = listed.IsTruncated ? listed.NextContinuationToken : undefined
  } while (ContinuationToken)
  return keys
}
