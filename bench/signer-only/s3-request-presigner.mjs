// The signer-only stand-in for `getSignedUrl` (see client-s3.mjs): it answers
// only the endpoint probe of fast-presigner.ts, whose URL is read for its
// origin, path prefix and credential scope, never sent, so it carries no real
// signature. Endpoint rules: an explicit endpoint (path-style or
// virtual-hosted), else AWS's regional endpoint, virtual-hosted for a bucket
// name that is one DNS label (the SDK's rule for https), path-style otherwise.
const PROBE_KEY = 'rps3-endpoint-probe'
const DNS_LABEL = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/

function endpointOf({ region, endpoint, forcePathStyle }, bucket) {
  const base = new URL(endpoint ?? `https://s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`)
  const origin = `${base.protocol}//${base.host}`
  if (forcePathStyle || !DNS_LABEL.test(bucket)) return `${origin}/${bucket}/`
  return `${base.protocol}//${bucket}.${base.host}/`
}

export async function getSignedUrl(client, command, { expiresIn }) {
  const { Bucket, Key } = command.input
  if (Key !== PROBE_KEY) throw new Error('the signer-only presigner answers the endpoint probe only')
  const { accessKeyId } = await client.config.credentials()
  const scope = `20000101/${client.config.region}/s3/aws4_request`
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${accessKeyId}/${scope}`,
    'X-Amz-Date': '20000101T000000Z',
    'X-Amz-Expires': String(expiresIn),
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': 'probe',
    'x-id': 'PutObject',
  })
  return `${endpointOf(client.config, Bucket)}${Key}?${query}`
}
