import type { ProbeResult } from '../doctor-report.js'
import { anonymousStatus, describeResponse, sdkErrorName, type Probe, type ProbeContext } from './context.js'
import { bucketPolicyFix, publicAccessBlockFix } from './store-fix.js'

/**
 * ACL headers a user adds, unsigned, to URLs the handler signed: on a PUT, and on a
 * CreateMultipartUpload (which no bucket policy condition sees on Ceph RGW 16).
 */

const ALL_USERS = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"'
const PUT_HEADERS = { 'x-amz-acl': 'public-read', 'x-amz-grant-read': ALL_USERS } as const

async function putWith(context: ProbeContext, name: string, header: string, value: string): Promise<ProbeResult> {
  const title = `Unsigned ${header} on a presigned PUT`
  const key = context.key(name)
  const url = await context.signPut(key, 'acl')
  const response = await context.fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain', [header]: value }, body: 'acl' })
  const answer = await describeResponse(response)
  if (!response.ok) return { status: 'ok', title, detail: `Refused (${answer}).` }
  const anonymous = await anonymousStatus(context, await context.signGet(key))
  if (anonymous !== 200) {
    return { status: 'ok', title, detail: `Accepted (${answer}), but the object stayed private (an anonymous GET got HTTP ${anonymous}).` }
  }
  return {
    status: 'problem',
    title,
    detail: `The store accepted \`${header}: ${value}\` added to a URL that did not sign it, and the object became readable by anyone without a signature. Any signed-in user can publish their uploads this way.`,
    fix: bucketPolicyFix(context.bucket),
  }
}

/** A one-part upload started with `x-amz-acl: public-read` added to its signed create URL. */
async function multipartWithAcl(context: ProbeContext): Promise<ProbeResult> {
  const title = 'Unsigned x-amz-acl on a presigned CreateMultipartUpload'
  const { sdk, client, bucket } = context
  const key = context.key('acl-multipart.txt')
  const createUrl = await sdk.presigner.getSignedUrl(client, new sdk.s3.CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), { expiresIn: 120 })
  const created = await context.fetch(createUrl, { method: 'POST', headers: { 'x-amz-acl': 'public-read' } })
  const xml = await created.text()
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1]
  if (!created.ok || !uploadId) return { status: 'ok', title, detail: `Refused (HTTP ${created.status}).` }
  const completed = context.trackUpload(key, uploadId)
  try {
    const part = await client.send(new sdk.s3.UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: 'acl' }))
    await client.send(new sdk.s3.CompleteMultipartUploadCommand({
      Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    }))
    completed()
  } catch (error) {
    return { status: 'note', title, detail: `Could not complete the probe upload (${sdkErrorName(error)}), so this was not checked.` }
  }
  const anonymous = await anonymousStatus(context, await context.signGet(key))
  if (anonymous !== 200) {
    return { status: 'ok', title, detail: `Accepted, but the completed object stayed private (an anonymous GET got HTTP ${anonymous}).` }
  }
  return {
    status: 'problem',
    title,
    detail: 'The store applied `x-amz-acl: public-read` added to a CreateMultipartUpload URL that did not sign it: the completed object is readable by anyone. On Ceph RGW 16 no bucket policy condition sees this header on multipart uploads.',
    fix: publicAccessBlockFix(bucket),
  }
}

/** Without ACL headers: if this object is public, ACL headers tell nothing (and there is worse to fix). */
async function privateByDefault(context: ProbeContext): Promise<ProbeResult | undefined> {
  const key = context.key('private.txt')
  const put = await context.fetch(await context.signPut(key, 'private'), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'private' })
  await put.body?.cancel()
  if (!put.ok) return { status: 'problem', title: 'A presigned PUT works', detail: `The store refused a PUT signed like the handler's (HTTP ${put.status}), so uploads fail.` }
  if ((await anonymousStatus(context, await context.signGet(key))) !== 200) return undefined
  return {
    status: 'problem',
    title: 'Objects are private',
    detail: 'An object uploaded without any ACL header is readable by anyone without a signature: every upload is public. (ACL headers were not checked.)',
    fix: 'make the bucket private: remove public grants from its ACL and policy (on AWS S3, turn on Block Public Access). s3rver serves every object without a signature: use it for demos only.',
  }
}

export const unsignedAclProbe: Probe = async (context) => {
  const open = await privateByDefault(context)
  if (open) return [open]
  return [
    await putWith(context, 'acl-canned.txt', 'x-amz-acl', PUT_HEADERS['x-amz-acl']),
    await putWith(context, 'acl-grant.txt', 'x-amz-grant-read', PUT_HEADERS['x-amz-grant-read']),
    await multipartWithAcl(context),
  ]
}
