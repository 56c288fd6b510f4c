import { sdkErrorName, type Probe } from './context.js'

/**
 * Whatever the signing credentials can read, a store that honours an unsigned
 * `x-amz-copy-source` copies into a user's key; and a leaked key reads it all. So the
 * credentials should reach this bucket only.
 */

const MOST_CHECKED = 20

function scopeFix(bucket: string): string {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: `arn:aws:s3:::${bucket}/*` },
    ],
  }
  return `sign with credentials that reach this bucket only, e.g. an IAM user or role with just this policy:\n${JSON.stringify(policy)}`
}

export const otherBucketsProbe: Probe = async ({ sdk, client, bucket }) => {
  const title = 'The signing credentials reach this bucket only'
  let names: string[]
  try {
    names = ((await client.send(new sdk.s3.ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? '').filter((name) => name !== bucket)
  } catch (error) {
    return [{ status: 'ok', title, detail: `They may not list buckets (${sdkErrorName(error)}).` }]
  }
  if (names.length === 0) return [{ status: 'ok', title, detail: 'They see no other bucket.' }]
  const readable: string[] = []
  for (const name of names.slice(0, MOST_CHECKED)) {
    // A bucket in another AWS region answers with a redirect, and counts as unreadable here.
    const listed = await client.send(new sdk.s3.ListObjectsV2Command({ Bucket: name, MaxKeys: 1 })).then(() => true, () => false)
    if (listed) readable.push(name)
  }
  const checked = Math.min(names.length, MOST_CHECKED)
  if (readable.length === 0) {
    return [{ status: 'ok', title, detail: `They can list ${names.length} other bucket name${names.length === 1 ? '' : 's'} but read none of the ${checked} checked.` }]
  }
  const shown = readable.slice(0, 5).join(', ') + (readable.length > 5 ? ', …' : '')
  return [{
    status: 'problem',
    title,
    detail: `They can read ${readable.length} other bucket${readable.length === 1 ? '' : 's'} (${shown}). The browser never gets these credentials, but on a store that honours an unsigned x-amz-copy-source a signed-in user can copy objects from those buckets into their own uploads.`,
    fix: scopeFix(bucket),
  }]
}
