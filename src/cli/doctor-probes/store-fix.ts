import { ABORT_INCOMPLETE_UPLOADS_RULE, PUBLIC_ACCESS_BLOCK, uploadBucketPolicyJson } from '../store-settings.js'

/** The fixes several probes point to, spelled out with the bucket's name (AWS CLI syntax). */

export function bucketPolicyFix(bucket: string): string {
  return [
    `this bucket policy (merge it into yours; tested on Ceph RGW 16, see docs/providers.md):`,
    uploadBucketPolicyJson(bucket),
    `aws s3api put-bucket-policy --bucket ${bucket} --policy file://policy.json`,
  ].join('\n')
}

export function publicAccessBlockFix(bucket: string): string {
  return [
    'make public ACLs grant nothing (IgnorePublicAcls), which also covers ACLs sent to multipart uploads:',
    `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration '${JSON.stringify(PUBLIC_ACCESS_BLOCK)}'`,
  ].join('\n')
}

export function lifecycleFix(bucket: string): string {
  return [
    'a lifecycle rule that aborts unfinished multipart uploads (add it to the rules you have: the call replaces them):',
    `aws s3api put-bucket-lifecycle-configuration --bucket ${bucket} --lifecycle-configuration '${JSON.stringify({ Rules: [ABORT_INCOMPLETE_UPLOADS_RULE] })}'`,
  ].join('\n')
}
