// A real Uppy Companion server (from npm, @uppy/companion) as a standalone app on
// 127.0.0.1, with its S3 routes pointed at a given store. Plain ESM, shared by the
// e2e tests and bench/signing-throughput.mjs.
//
//   const companion = await startCompanion({ endpoint, region, accessKeyId, secretAccessKey, bucket })
//   ... companion.url ...
//   await companion.close()
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// Companion logs every request to stdout unless told otherwise.
process.env.COMPANION_HIDE_METRICS ??= 'true'

/**
 * @param {{ endpoint: string, region: string, accessKeyId: string, secretAccessKey: string, bucket: string,
 *   keyPrefix?: string, corsOrigins?: string[] | true }} storage
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startCompanion(storage) {
  const companion = await import('@uppy/companion')
  const filePath = await mkdtemp(path.join(tmpdir(), 'companion-'))
  let app
  const server = createServer((req, res) => app(req, res))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${server.address().port}`
  const keyPrefix = storage.keyPrefix ?? 'companion/'
  app = companion.app({
    secret: randomBytes(32).toString('hex'),
    filePath,
    server: { host, protocol: 'http' },
    // Only S3 routes are used; remote-URL fetching stays off and nothing may be fetched.
    uploadUrls: [`http://${host}/none`],
    corsOrigins: storage.corsOrigins ?? true,
    metrics: false,
    s3: {
      key: storage.accessKeyId,
      secret: storage.secretAccessKey,
      bucket: storage.bucket,
      region: storage.region,
      endpoint: storage.endpoint,
      forcePathStyle: true,
      expires: 300,
      getKey: ({ filename }) => `${keyPrefix}${randomUUID()}/${filename}`,
      awsClientOptions: { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' },
    },
  }).app
  return {
    url: `http://${host}`,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await rm(filePath, { recursive: true, force: true })
    },
  }
}
