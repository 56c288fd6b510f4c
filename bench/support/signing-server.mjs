// One signing server for bench/signing-throughput.mjs, in a process of its own
// so that its CPU time can be measured alone. Forked with an IPC channel:
//   node bench/support/signing-server.mjs react|companion
// sends { port } once listening, answers 'cpu' with process.cpuUsage().
// Signing is offline: the store endpoint (port 9) is never contacted.
import { createServer } from 'node:http'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export const STORE = {
  endpoint: 'http://127.0.0.1:9',
  region: 'us-east-1',
  accessKeyId: 'AKIDBENCH',
  secretAccessKey: 'bench-secret',
  bucket: 'bench-bucket',
}

async function startReact() {
  const { createPresignHandler, createS3Client, toNodeHandler } = await import('../../dist/server.js')
  const s3 = createS3Client({
    endpoint: STORE.endpoint,
    region: STORE.region,
    forcePathStyle: true,
    credentials: { accessKeyId: STORE.accessKeyId, secretAccessKey: STORE.secretAccessKey },
  })
  const handler = createPresignHandler({ s3, bucket: STORE.bucket, authorize: () => true, keyPrefix: 'uploads/' })
  const server = createServer(toNodeHandler(handler))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server.address().port
}

async function startCompanionServer() {
  const { startCompanion } = await import('../../tools/companion.mjs')
  const companion = await startCompanion({ ...STORE, keyPrefix: 'uploads/' })
  return Number(new URL(companion.url).port)
}

const kind = process.argv[2]
const port = kind === 'react' ? await startReact() : kind === 'companion' ? await startCompanionServer() : undefined
if (port === undefined) throw new Error(`usage: signing-server.mjs react|companion, got ${kind}`)
process.on('message', (message) => {
  if (message === 'cpu') process.send({ cpu: process.cpuUsage() })
  if (message === 'exit') process.exit(0)
})
process.send({ port })
