import type { ProbeResult } from '../doctor-report.js'
import { bucketCorsRule, CORS_ALLOWED_METHODS as METHODS } from '../store-settings.js'
import { unsignedUrl, type Probe, type ProbeContext } from './context.js'

/**
 * The browser's view of the bucket's CORS rule: a preflight per method the uploader uses,
 * and `ETag` readable on a real PUT's answer (multipart completion needs it).
 */

/**
 * What every upload's preflight asks for: `Content-MD5` is on by default (`checksum`), and a rule
 * allowing only `Content-Type` passed this check while the widget's first PUT failed its preflight.
 */
const PREFLIGHT_HEADERS = 'content-type,content-md5'

function corsFix(origin: string): string {
  return `a bucket CORS rule like ${JSON.stringify(bucketCorsRule(origin))}\n(AWS: aws s3api put-bucket-cors --bucket BUCKET --cors-configuration '{"CORSRules": [ … ]}'; per store: docs/providers.md)`
}

function allowsOrigin(response: Response, origin: string): boolean {
  const allowed = response.headers.get('access-control-allow-origin')
  return allowed === '*' || allowed === origin
}

async function refusedMethods(context: ProbeContext, url: string, origin: string): Promise<string[]> {
  const refused: string[] = []
  for (const method of METHODS) {
    const response = await context.fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': PREFLIGHT_HEADERS },
    })
    await response.body?.cancel()
    const methods = (response.headers.get('access-control-allow-methods') ?? '').toUpperCase().split(/\s*,\s*/)
    if (!response.ok || !allowsOrigin(response, origin) || !(methods.includes(method) || methods.includes('*'))) refused.push(method)
  }
  return refused
}

async function exposesETag(context: ProbeContext, origin: string): Promise<boolean | 'put failed'> {
  const key = context.key('cors.txt')
  const response = await context.fetch(await context.signPut(key, 'cors'), {
    method: 'PUT',
    headers: { origin, 'content-type': 'text/plain' },
    body: 'cors',
  })
  await response.body?.cancel()
  if (!response.ok) return 'put failed'
  const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/)
  return allowsOrigin(response, origin) && (exposed.includes('etag') || exposed.includes('*'))
}

export const corsProbe: Probe = async (context) => {
  const { origin } = context
  const title = origin ? `CORS for ${origin}` : 'CORS'
  if (origin === undefined) {
    return [{ status: 'note', title, detail: 'Not checked: pass --origin with the address of the page that uploads, e.g. --origin https://app.example.com.' }]
  }
  const url = unsignedUrl(await context.signPut(context.key('cors-preflight.txt'), ''))
  const refused = await refusedMethods(context, url, origin)
  const etag = await exposesETag(context, origin)
  const problems = [
    refused.length > 0 && `The bucket refuses the browser's preflight from ${origin} for ${refused.join(', ')} with ${PREFLIGHT_HEADERS.replace(',', ', ')}: uploads from that page fail before they start.`,
    etag === false && 'A PUT from this origin succeeds, but its answer does not expose ETag: single-file uploads work, every multipart upload fails after its first part.',
    etag === 'put failed' && 'A presigned PUT with this Origin header was refused, so ETag exposure could not be checked.',
  ].filter((text): text is string => typeof text === 'string')
  const result: ProbeResult = problems.length === 0
    ? { status: 'ok', title, detail: `The bucket allows ${METHODS.join(', ')} from ${origin} and exposes ETag.` }
    : { status: 'problem', title, detail: problems.join(' '), fix: corsFix(origin) }
  return [result]
}
