import type { LifecycleRule } from '@aws-sdk/client-s3'
import { sdkErrorName, type Probe } from './context.js'
import { lifecycleFix } from './store-fix.js'

/**
 * Upload ids do not expire by themselves: a replayed CreateMultipartUpload URL gives an upload
 * that can complete over the object days later. A lifecycle rule bounds their life.
 */

function abortsEverywhere(rule: LifecycleRule): boolean {
  const prefix = rule.Filter?.Prefix ?? rule.Prefix ?? ''
  const filtered = rule.Filter?.And !== undefined || rule.Filter?.Tag !== undefined
  return rule.Status === 'Enabled' && rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined && prefix === '' && !filtered
}

export const lifecycleProbe: Probe = async ({ sdk, client, bucket }) => {
  const title = 'Unfinished multipart uploads are aborted'
  let rules: LifecycleRule[]
  try {
    rules = (await client.send(new sdk.s3.GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? []
  } catch (error) {
    const name = sdkErrorName(error)
    if (name !== 'NoSuchLifecycleConfiguration') {
      return [{ status: 'problem', title, detail: `Could not read the bucket's lifecycle configuration (${name}); check it by hand.`, fix: lifecycleFix(bucket) }]
    }
    rules = []
  }
  const rule = rules.find(abortsEverywhere)
  if (rule) {
    const days = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation
    return [{ status: 'ok', title, detail: `Rule ${JSON.stringify(rule.ID ?? '')} aborts every multipart upload still unfinished ${days} day${days === 1 ? '' : 's'} after it started.` }]
  }
  const partial = rules.filter((candidate) => candidate.AbortIncompleteMultipartUpload !== undefined && candidate.Status === 'Enabled')
  return [{
    status: 'problem',
    title,
    detail: partial.length > 0
      ? `Only rules limited by prefix or tag abort unfinished uploads (${partial.map((r) => JSON.stringify(r.ID ?? '')).join(', ')}); uploads elsewhere never expire.`
      : 'No lifecycle rule aborts unfinished multipart uploads: an upload id never expires, so a replayed CreateMultipartUpload URL can replace an object long after the app trusted it, and abandoned parts are stored (and billed) forever.',
    fix: lifecycleFix(bucket),
  }]
}
