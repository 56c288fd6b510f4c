import { parseArgs } from 'node:util'
import { asUsageErrors, UsageError, type Environment } from './parse-arguments.js'

/**
 * `react-presigned-s3 doctor s3://bucket [options]`: argument parsing, apart from the
 * probes and from process I/O.
 */

export const DOCTOR_USAGE = `Usage: react-presigned-s3 doctor s3://BUCKET [options]

Probes a bucket with the signing credentials (the same AWS environment as
\`presign\`) and says, with a fix for each, whether the store holds what the
library cannot sign for it: CORS for your page, refusing unsigned x-amz-*
headers (ACLs, copies) on presigned PUTs, aborting unfinished multipart
uploads, credentials scoped to this bucket, the clock, and which of
Content-MD5 and conditional writes the store verifies.

It writes a few tiny objects under .react-presigned-s3-doctor/ and deletes
every one of them before it exits.

Options:
  --origin URL            the page that uploads, e.g. https://app.example.com (checks CORS)
  --endpoint URL          an S3-compatible store, e.g. http://127.0.0.1:9000
  --region REGION         default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1
  --path-style            host/bucket/key URLs (the default with --endpoint)
  --virtual-hosted        bucket.host/key URLs (the default on AWS)
  -h, --help              this text

Exit code: 0 nothing to fix, 1 problems found, 2 usage mistake or AWS SDK not installed.
`

export interface DoctorCommand {
  bucket: string
  origin: string | undefined
  endpoint: string | undefined
  region: string
  forcePathStyle: boolean
}

const OPTIONS = {
  origin: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
  'virtual-hosted': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

function parseBucketUri(uri: string): string {
  const match = /^s3:\/\/([^/]+)\/?$/.exec(uri)
  if (!match?.[1]) throw new UsageError(`Expected s3://BUCKET, got ${JSON.stringify(uri)}`)
  return match[1]
}

/** An origin as the browser sends it: scheme, host and port, nothing else. */
function parseOrigin(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`--origin must be a URL such as https://app.example.com, got ${JSON.stringify(value)}`)
  }
  if (url.origin === 'null' || url.href !== `${url.origin}/`) {
    throw new UsageError(`--origin takes the page's origin only (scheme, host, port), e.g. ${url.origin}`)
  }
  return url.origin
}

/** `argv` starts after the word `doctor`; `undefined` means "print the usage". */
export function parseDoctorCommand(argv: readonly string[], env: Environment): DoctorCommand | undefined {
  const { values, positionals } = asUsageErrors(() =>
    parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }))
  if (values.help) return undefined
  const [uri, ...extra] = positionals
  if (uri === undefined) throw new UsageError('Missing s3://BUCKET')
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}`)
  if (values['path-style'] && values['virtual-hosted']) throw new UsageError('Use --path-style or --virtual-hosted, not both')
  const endpoint = values.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL
  return {
    bucket: parseBucketUri(uri),
    origin: parseOrigin(values.origin),
    endpoint,
    region: values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: values['path-style'] ?? (values['virtual-hosted'] ? false : endpoint !== undefined),
  }
}
