import { describeResponse, sdkErrorName, type Probe } from './context.js'
import { bucketPolicyFix } from './store-fix.js'

/**
 * `x-amz-copy-source` added, unsigned, to a 0-byte PUT URL turns the upload into a CopyObject:
 * a user copies any object the signing credentials can read into their own key, and then
 * reads it through the app.
 */
export const unsignedCopySourceProbe: Probe = async (context) => {
  const title = 'Unsigned x-amz-copy-source on a presigned PUT'
  const { sdk, client, bucket } = context
  const source = context.key('copy-source.txt')
  const target = context.key('copy-target.txt')
  try {
    await context.fetch(await context.signPut(source, 'copy me'), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'copy me' })
      .then((response) => response.body?.cancel())
  } catch (error) {
    return [{ status: 'note', title, detail: `Could not write the probe's source object (${sdkErrorName(error)}), so this was not checked.` }]
  }
  const response = await context.fetch(await context.signPut(target, ''), {
    method: 'PUT',
    headers: { 'content-type': 'text/plain', 'x-amz-copy-source': `/${bucket}/${source}` },
  })
  const answer = await describeResponse(response)
  const copied = await client.send(new sdk.s3.HeadObjectCommand({ Bucket: bucket, Key: target })).then(
    (head) => head.ContentLength,
    () => undefined,
  )
  if (!response.ok || copied === undefined) return [{ status: 'ok', title, detail: `Refused (${answer}).` }]
  if (copied === 0) return [{ status: 'ok', title, detail: 'The store ignored the header and stored the 0 bytes the URL was signed for.' }]
  return [{
    status: 'problem',
    title,
    detail: `The store copied another object (${copied} bytes) into a key whose URL was signed for 0 bytes, because of an \`x-amz-copy-source\` header nobody signed. A signed-in user can copy any object these credentials can read, in this bucket or another, into their own folder and read it there.`,
    fix: bucketPolicyFix(bucket),
  }]
}
