import { describe, expect, it } from 'vitest'
import { parseDoctorCommand } from '../../src/cli/doctor-command.js'
import { runDoctor } from '../../src/cli/doctor-run.js'
import { UsageError } from '../../src/cli/presign-command.js'

async function run(argv: string[], dependencies: Parameters<typeof runDoctor>[3] = {}) {
  let stdout = ''
  let stderr = ''
  const code = await runDoctor(argv, { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' }, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  }, dependencies)
  return { code, stdout, stderr }
}

describe('parseDoctorCommand', () => {
  it('reads the bucket, the origin and the store from the flags and the AWS environment', () => {
    expect(parseDoctorCommand(['s3://my-uploads', '--origin', 'https://app.example.com/'], { AWS_DEFAULT_REGION: 'eu-west-3' })).toEqual({
      bucket: 'my-uploads', origin: 'https://app.example.com', endpoint: undefined, region: 'eu-west-3', forcePathStyle: false,
    })
    expect(parseDoctorCommand(['s3://b/'], { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' })).toMatchObject({
      bucket: 'b', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, origin: undefined,
    })
    expect(parseDoctorCommand(['--help'], {})).toBeUndefined()
  })

  it.each([
    [[], /Missing s3:\/\/BUCKET/],
    [['s3://b/some/key'], /Expected s3:\/\/BUCKET/],
    [['my-bucket'], /Expected s3:\/\/BUCKET/],
    [['s3://b', 'extra'], /Unexpected argument "extra"/],
    [['s3://b', '--origin', 'app.example.com'], /--origin must be a URL/],
    [['s3://b', '--origin', 'https://app.example.com/upload'], /origin only .* https:\/\/app\.example\.com/],
    [['s3://b', '--path-style', '--virtual-hosted'], /not both/],
    [['s3://b', '--method', 'PUT'], /method/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDoctorCommand(argv, {})).toThrow(UsageError)
    expect(() => parseDoctorCommand(argv, {})).toThrow(message)
  })
})

describe('runDoctor', () => {
  it('exits 2 with the usage on a mistake, 0 with it on --help, before loading the SDK', async () => {
    const loadSdk = () => Promise.reject(new Error('must not load'))
    expect(await run(['nope'], { loadSdk })).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^react-presigned-s3 doctor: Expected s3:\/\/BUCKET[\s\S]*Usage:/) })
    expect(await run(['--help'], { loadSdk })).toMatchObject({ code: 0, stdout: expect.stringContaining('Exit code: 0 nothing to fix') })
  })

  it('exits 2 and says what to install when the AWS SDK is missing', async () => {
    const result = await run(['s3://b'], { loadSdk: async () => undefined })
    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('npm install @aws-sdk/client-s3 @aws-sdk/s3-request-presigner') })
  })

  it('reports a probe that throws as a problem and still runs the others (exit 1)', async () => {
    const failingProbe = async () => {
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })
    }
    const okProbe = async () => [{ status: 'ok' as const, title: 'Fine', detail: 'Yes.' }]
    const { code, stdout } = await run(['s3://b', '--endpoint', 'http://127.0.0.1:9'], { probes: [failingProbe, okProbe] })
    expect(code).toBe(1)
    expect(stdout).toContain('PROBLEM  Probe "failing" failed\n         TimeoutError: socket hang up\n')
    expect(stdout).toContain('ok       Fine\n')
    expect(stdout).toMatch(/\n1 problem to fix\. Probe objects under \.react-presigned-s3-doctor\/[0-9a-f-]{36}\/ removed\.\n$/)
  })
})
