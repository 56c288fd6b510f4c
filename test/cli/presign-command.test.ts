import { describe, expect, it } from 'vitest'
import { parsePresignCommand, parseS3Uri, UsageError } from '../../src/cli/presign-command.js'
import { main } from '../../src/cli/run.js'

const env = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' }

async function run(argv: string[], environment: Record<string, string> = env) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, environment, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  return { code, stdout, stderr }
}

describe('parsePresignCommand', () => {
  it('reads the defaults from the standard AWS environment', () => {
    expect(parsePresignCommand(['presign', 's3://bk/a/b c.txt'], { AWS_DEFAULT_REGION: 'eu-west-3' })).toEqual({
      bucket: 'bk', key: 'a/b c.txt', method: 'GET', expiresIn: 300, contentType: undefined,
      endpoint: undefined, region: 'eu-west-3', forcePathStyle: false,
    })
  })

  it('prefers flags, and goes path-style with an endpoint', () => {
    const command = parsePresignCommand(
      ['presign', 's3://bk/k', '--method', 'put', '--expires-in', '60', '--content-type', 'image/png',
        '--endpoint', 'http://127.0.0.1:9000', '--region', 'auto'],
      { AWS_REGION: 'us-west-2', AWS_ENDPOINT_URL: 'https://ignored.example' },
    )
    expect(command).toMatchObject({ method: 'PUT', expiresIn: 60, contentType: 'image/png', endpoint: 'http://127.0.0.1:9000', region: 'auto', forcePathStyle: true })
    expect(parsePresignCommand(['presign', 's3://bk/k'], { AWS_ENDPOINT_URL_S3: 'http://h' })?.forcePathStyle).toBe(true)
    expect(parsePresignCommand(['presign', 's3://bk/k', '--endpoint', 'http://h', '--virtual-hosted'], {})?.forcePathStyle).toBe(false)
  })

  it.each([
    [[], /Missing command/],
    [['sign', 's3://b/k'], /Unknown command "sign"/],
    [['presign'], /Missing s3:\/\/BUCKET\/KEY/],
    [['presign', 'https://b/k'], /Expected s3:\/\/BUCKET\/KEY/],
    [['presign', 's3://bucket-only'], /Expected s3:\/\/BUCKET\/KEY/],
    [['presign', 's3://b/k', '--method', 'DELETE'], /--method must be GET or PUT/],
    [['presign', 's3://b/k', '--expires-in', '604801'], /--expires-in/],
    [['presign', 's3://b/k', '--expires-in', '1.5'], /--expires-in/],
    [['presign', 's3://b/k', '--content-type', 'text/plain'], /only applies to --method PUT/],
    [['presign', 's3://b/k', '--bogus'], /bogus/],
    [['presign', 's3://b/k', 'extra'], /Unexpected argument "extra"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parsePresignCommand(argv, {})).toThrow(UsageError)
    expect(() => parsePresignCommand(argv, {})).toThrow(message)
  })

  it('keeps every character of the key after the bucket', () => {
    expect(parseS3Uri('s3://b/dir//x?y#z')).toEqual({ bucket: 'b', key: 'dir//x?y#z' })
  })
})

describe('main', () => {
  it('prints the URL alone on stdout, exit 0', async () => {
    const { code, stdout, stderr } = await run(['presign', 's3://bk/photo.png', '--method', 'PUT', '--content-type', 'image/png', '--endpoint', 'http://127.0.0.1:9'])
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const url = new URL(stdout.trim())
    expect(url.pathname).toBe('/bk/photo.png')
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host')
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDTEST\//)
  })

  it('prints the usage on --help, and exits 2 with the reason on a mistake', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage:') })
    const mistake = await run(['presign', 'nope'])
    expect(mistake).toMatchObject({ code: 2, stdout: '' })
    expect(mistake.stderr).toMatch(/^react-presigned-s3: Expected s3:\/\/BUCKET\/KEY[\s\S]*Usage:/)
  })
})

describe('failures', () => {
  it('reports a signing failure in one line, without a stack trace, exit 1', async () => {
    const { code, stdout, stderr } = await run(['presign', 's3://bk/k', '--endpoint', 'http://[not-a-host'])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^react-presigned-s3: could not sign: .+\n$/)
    expect(stderr.split('\n')).toHaveLength(2)
  })

  it('prints the whole error with --debug', async () => {
    const { code, stderr } = await run(['presign', 's3://bk/k', '--endpoint', 'http://[not-a-host', '--debug'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^react-presigned-s3: could not sign: .+\n/)
    expect(stderr).toMatch(/\n\s+at /)
  })
})
