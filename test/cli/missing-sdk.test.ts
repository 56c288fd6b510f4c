import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The CLI as npm runs it, from a folder where the optional AWS SDK cannot be
// resolved (a scratch dir outside the repository, no node_modules above it):
// built from src/cli the way vite.config.ts builds dist/cli.js, SDK external.
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rps3-cli-'))
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: dir,
      minify: false,
      lib: { entry: { cli: path.resolve(import.meta.dirname, '../../src/cli/bin.ts') }, formats: ['es'] },
      rolldownOptions: { external: [/^@aws-sdk\//, /^node:/] },
    },
  })
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(dir, 'cli.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('react-presigned-s3 presign without the AWS SDK', () => {
  it('prints one line naming the packages to install, and exits 2', () => {
    const { code, stdout, stderr } = cli('presign', 's3://bucket/a.txt')
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      'react-presigned-s3: presign needs the AWS SDK, not installed here: npm install @aws-sdk/client-s3 @aws-sdk/s3-request-presigner\n',
    )
  })

  it('shows the underlying error with --debug', () => {
    const { code, stderr } = cli('presign', 's3://bucket/a.txt', '--debug')
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toMatch(/^react-presigned-s3: presign needs the AWS SDK/)
    expect(stderr).toContain('ERR_MODULE_NOT_FOUND')
    expect(stderr).toMatch(/\n\s+at /)
  })

  it('still prints the usage and explains usage mistakes', () => {
    expect(cli('--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage:') })
    expect(cli('presign', 'nope')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^react-presigned-s3: Expected s3:\/\/BUCKET\/KEY/) })
  })
})
