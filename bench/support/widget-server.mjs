// Serves a production build of bench/widget-app (React and the library from
// src, minified, as a host app ships them) with the real signing handler from
// src/server at /api/s3. Dev-mode React would time React's checks, not ours.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { tallyRequests } from './request-tally.mjs'
import react from '@vitejs/plugin-react'
import { build, createServer as createViteServer } from 'vite'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
export const BENCH_TOKEN = 'bench'

/** Builds the page into `outDir` (once; every server below serves the same build). Unminified, a profile names functions. */
export async function buildWidgetApp(outDir, { minify = true } = {}) {
  await build({
    configFile: false,
    mode: 'production',
    logLevel: 'warn',
    root: path.join(repoRoot, 'bench/widget-app'),
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022', minify },
  })
}

/** Loads createPresignHandler from src/server through Vite's SSR loader (no build of the library needed). */
export async function loadServerModule() {
  const vite = await createViteServer({
    configFile: false,
    logLevel: 'warn',
    root: path.join(repoRoot, 'src/server'),
    server: { middlewareMode: true },
    appType: 'custom',
    // Nothing here runs in a browser: no dependency scan of the repository.
    optimizeDeps: { noDiscovery: true, entries: [] },
  })
  const server = await vite.ssrLoadModule(path.join(repoRoot, 'src/server/index.ts'))
  return { server, close: () => vite.close() }
}

/**
 * @param {{ outDir: string, server: any, storage: { endpoint: string, region: string, accessKeyId: string,
 *   secretAccessKey: string, bucket: string } }} options
 */
export async function startWidgetServer({ outDir, server, storage }) {
  const s3 = server.createS3Client({
    endpoint: storage.endpoint,
    region: storage.region,
    forcePathStyle: true,
    credentials: { accessKeyId: storage.accessKeyId, secretAccessKey: storage.secretAccessKey },
  })
  const tally = process.env.BENCH_REQUESTS ? tallyRequests : (handler) => ({ handler, take: () => undefined })
  const { handler, take } = tally(server.createPresignHandler({
    s3,
    bucket: storage.bucket,
    keyPrefix: 'uploads/',
    authorize: (request) => request.headers.get('authorization') === `Bearer ${BENCH_TOKEN}`,
    // The raw loop and stock Uppy send no Content-MD5; the widget still sends and signs it.
    requireChecksum: false,
  }))
  const presign = server.toNodeHandler(handler)
  const http = createServer(async (req, res) => {
    if (req.url?.startsWith('/api/s3')) return presign(req, res)
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    const file = path.join(outDir, pathname === '/' ? 'index.html' : path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''))
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    /** BENCH_REQUESTS=1: the endpoint requests since the last call (request-tally.mjs), else `undefined`. */
    takeTally: take,
    close: () => (s3.destroy(), http.closeAllConnections(), new Promise((resolve) => http.close(resolve))),
  }
}
