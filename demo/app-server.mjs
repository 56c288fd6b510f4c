// The demo's server: Vite serves the page, and the real signing handler from
// src/server is mounted beside it at /api/s3, exactly as a host app would mount
// it. The e2e tests start this same server, so the demo and the tests share
// one code path.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { createServer } from 'vite'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * @typedef {{ endpoint?: string, region: string, accessKeyId: string, secretAccessKey: string, bucket: string, forcePathStyle?: boolean }} StorageConfig
 * @typedef {(handler: (request: Request) => Promise<Response>) => (request: Request) => Promise<Response>} HandlerWrapper
 * @param {{
 *   root: string,
 *   storage: StorageConfig,
 *   port?: number,
 *   host?: string,
 *   presign?: Record<string, unknown>,
 *   wrapHandler?: HandlerWrapper,
 *   requiredToken?: string,
 *   listObjects?: () => Promise<Array<{ key: string, size: number, lastModified: Date | string, contentType?: string }>>,
 * }} options
 */
export async function startAppServer(options) {
  const { root, storage, port = 0, host = '127.0.0.1' } = options
  let api
  const vite = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    clearScreen: false,
    server: { host, port, strictPort: port !== 0, fs: { allow: [repoRoot] } },
    resolve: {
      alias: [
        { find: /^react-presigned-s3$/, replacement: path.join(repoRoot, 'src/react/index.ts') },
        { find: /^react-presigned-s3\/core$/, replacement: path.join(repoRoot, 'src/core/index.ts') },
        { find: /^react-presigned-s3\/styles\.css$/, replacement: path.join(repoRoot, 'src/react/styles.css') },
      ],
    },
    plugins: [
      react(),
      {
        name: 'react-presigned-s3-api',
        configureServer(server) {
          server.middlewares.use('/api/s3', (req, res) => api.presign(req, res))
          server.middlewares.use('/api/objects', (req, res) => api.listObjects(req, res))
        },
      },
    ],
  })
  api = await createApi(vite, options)
  await vite.listen()
  const address = vite.httpServer?.address()
  if (!address || typeof address === 'string') throw new Error('The app server did not start listening.')
  return {
    url: `http://${host}:${address.port}`,
    s3: api.s3,
    async close() {
      api.s3.destroy()
      await vite.close()
    },
  }
}

async function createApi(vite, { storage, presign = {}, wrapHandler = (h) => h, requiredToken, listObjects }) {
  const server = await vite.ssrLoadModule(path.join(repoRoot, 'src/server/index.ts'))
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3')
  const s3 = server.createS3Client({
    endpoint: storage.endpoint,
    region: storage.region,
    forcePathStyle: storage.forcePathStyle ?? Boolean(storage.endpoint),
    credentials: { accessKeyId: storage.accessKeyId, secretAccessKey: storage.secretAccessKey },
  })
  const handler = server.createPresignHandler({
    s3,
    bucket: storage.bucket,
    keyPrefix: 'uploads/',
    // The demo lets anyone on this machine upload; a real app checks its session here.
    authorize: (request) =>
      requiredToken === undefined || request.headers.get('authorization') === `Bearer ${requiredToken}`,
    ...presign,
  })
  return {
    s3,
    presign: server.toNodeHandler(wrapHandler(handler)),
    async listObjects(_req, res) {
      res.setHeader('content-type', 'application/json')
      try {
        const objects = await (listObjects ?? (() => listWithSdk(s3, storage.bucket, ListObjectsV2Command)))()
        res.end(JSON.stringify({ objects }))
      } catch (error) {
        res.statusCode = 502
        res.end(JSON.stringify({ error: { code: 'LIST_FAILED', message: String(error?.message ?? error) } }))
      }
    },
  }
}

async function listWithSdk(s3, bucket, ListObjectsV2Command) {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'uploads/' }))
  return (listed.Contents ?? []).map(({ Key, Size, LastModified }) => ({ key: Key, size: Size, lastModified: LastModified }))
}
