import { parseArgs } from 'node:util'
import { asUsageErrors, UsageError, type Environment } from './parse-arguments.js'

/**
 * `react-presigned-s3 presign s3://bucket/key [options]`: argument parsing, kept
 * apart from signing and from process I/O so each can be tested alone.
 */

export const USAGE = `Usage: react-presigned-s3 presign s3://BUCKET/KEY [options]

Prints a presigned URL for one object, signed with the standard AWS
environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_REGION or AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL;
without keys in the environment, the SDK's default chain: profiles, SSO, roles).

Options:
  --method GET|PUT        what the URL allows (default GET)
  --expires-in SECONDS    lifetime, 1 to 604800 (default 300)
  --content-type TYPE     PUT only: the Content-Type the upload must send (signed)
  --endpoint URL          an S3-compatible store, e.g. http://127.0.0.1:9000
  --region REGION         default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1
  --path-style            host/bucket/key URLs (the default with --endpoint)
  --virtual-hosted        bucket.host/key URLs (the default on AWS)
  --debug                 on failure, print the whole error (stack trace, cause)
  -h, --help              this text
`

export interface PresignCommand {
  bucket: string
  key: string
  method: 'GET' | 'PUT'
  expiresIn: number
  contentType: string | undefined
  endpoint: string | undefined
  region: string
  forcePathStyle: boolean
}

export { UsageError, type Environment }

const OPTIONS = {
  method: { type: 'string' },
  'expires-in': { type: 'string' },
  'content-type': { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
  'virtual-hosted': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // Read by run.ts, which must know it even when the rest of the line is wrong.
  debug: { type: 'boolean' },
} as const

/** `s3://bucket/path/to/key` → bucket and key (the key keeps every character after the first '/'). */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/s.exec(uri)
  if (!match?.[1] || !match[2]) throw new UsageError(`Expected s3://BUCKET/KEY, got ${JSON.stringify(uri)}`)
  return { bucket: match[1], key: match[2] }
}

function parseExpiresIn(value: string | undefined): number {
  if (value === undefined) return 300
  const seconds = Number(value)
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 604_800) {
    throw new UsageError(`--expires-in must be a whole number of seconds from 1 to 604800, got ${JSON.stringify(value)}`)
  }
  return seconds
}

function parseMethod(value: string | undefined): 'GET' | 'PUT' {
  const method = (value ?? 'GET').toUpperCase()
  if (method !== 'GET' && method !== 'PUT') throw new UsageError(`--method must be GET or PUT, got ${JSON.stringify(value)}`)
  return method
}

/** `undefined` means "print the usage". */
export function parsePresignCommand(argv: readonly string[], env: Environment): PresignCommand | undefined {
  const { values, positionals } = asUsageErrors(() =>
    parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }))
  if (values.help) return undefined
  const [command, uri, ...extra] = positionals
  if (command !== 'presign') throw new UsageError(command === undefined ? 'Missing command' : `Unknown command ${JSON.stringify(command)}`)
  if (uri === undefined) throw new UsageError('Missing s3://BUCKET/KEY')
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}`)
  if (values['path-style'] && values['virtual-hosted']) throw new UsageError('Use --path-style or --virtual-hosted, not both')
  const method = parseMethod(values.method)
  if (values['content-type'] !== undefined && method !== 'PUT') throw new UsageError('--content-type only applies to --method PUT')
  const endpoint = values.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL
  return {
    ...parseS3Uri(uri),
    method,
    expiresIn: parseExpiresIn(values['expires-in']),
    contentType: values['content-type'],
    endpoint,
    region: values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: values['path-style'] ?? (values['virtual-hosted'] ? false : endpoint !== undefined),
  }
}
