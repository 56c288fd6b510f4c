import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { expectEveryOperationSigned, expectRefusals } from './support/every-operation.js'
import { RUNTIMES_DIR, startServer, type ServerCommand, type TestServer } from './support/server.js'

// The handler mounted in each framework the README names, exactly as its
// "Mounting the handler" block shows, on the framework's own request handling.

function buildNextApp(): void {
  const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build', 'next-app'], {
    cwd: RUNTIMES_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`)
}

const FRAMEWORKS = {
  'Hono (app.post, c.req.raw)': { server: { command: process.execPath, args: ['apps/hono.mjs'] }, path: '/api/s3' },
  'React Router 7 (resource route action)': { server: { command: process.execPath, args: ['apps/react-router.mjs'] }, path: '/api/s3' },
  'Next.js route handler (export const POST)': { server: { command: process.execPath, args: ['apps/next.mjs'] }, path: '/api/s3', build: buildNextApp },
  'Next.js route handler on the edge runtime': { server: { command: process.execPath, args: ['apps/next.mjs'] }, path: '/api/s3-edge', build: buildNextApp },
} satisfies Record<string, { server: ServerCommand; path: string; build?: () => void }>

let built: (() => void) | undefined

describe.each(Object.entries(FRAMEWORKS))('%s', (_name, framework) => {
  let server: TestServer
  let endpoint: string
  beforeAll(async () => {
    if ('build' in framework && built !== framework.build) {
      framework.build()
      built = framework.build
    }
    server = await startServer(framework.server)
    endpoint = server.endpoint.replace('/api/s3', framework.path)
  })
  afterAll(() => server?.stop())

  it('signs every operation as the AWS SDK does', async () => {
    await expectEveryOperationSigned(endpoint)
  })

  it('refuses with the documented status and code', async () => {
    await expectRefusals(endpoint)
  })
})
