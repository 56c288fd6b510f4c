// `npm run demo`: the uploader against an embedded S3-compatible store (no
// AWS account, no system packages). Set S3_ENDPOINT/S3_BUCKET/AWS_* to point
// the same page at a real bucket instead (see README). The embedded store
// keeps its objects in .demo-data/ (git-ignored; DEMO_DATA_DIR moves it)
// across restarts; `npm run demo -- --reset` starts empty.
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAppServer } from './app-server.mjs'
import { startEmbeddedS3 } from './embedded-s3.mjs'

const root = path.dirname(fileURLToPath(import.meta.url))
const port = Number(process.env.PORT ?? 5173)

async function storageFromEnv() {
  if (!process.env.S3_BUCKET) return undefined
  return {
    storage: {
      endpoint: process.env.S3_ENDPOINT || undefined,
      region: process.env.AWS_REGION ?? 'us-east-1',
      accessKeyId: required('AWS_ACCESS_KEY_ID'),
      secretAccessKey: required('AWS_SECRET_ACCESS_KEY'),
      bucket: process.env.S3_BUCKET,
      forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
    },
    close: async () => {},
  }
}

function required(name) {
  const value = process.env[name]
  if (!value) throw new Error(`${name} must be set when S3_BUCKET is set.`)
  return value
}

const reset = process.argv.includes('--reset')
const external = await storageFromEnv()
const dataDir = external ? undefined : path.resolve(process.env.DEMO_DATA_DIR ?? path.join(root, '../.demo-data'))
if (dataDir && reset) await rm(dataDir, { recursive: true, force: true })
if (dataDir) await mkdir(dataDir, { recursive: true })
const store = external ?? (await startEmbeddedS3({ directory: dataDir, keep: true }))
// Read URLs live 30 s here (60 s by default), so the gallery's images visibly renew theirs while you watch.
const presign = { getObjectExpiresIn: 30 }
const app = await startAppServer({ root, storage: store.storage, port, listObjects: store.listObjects, presign })

console.log(`\n  react-presigned-s3 demo: ${app.url}/`)
console.log(
  external
    ? `  bucket: ${store.storage.bucket} (from the environment)`
    : `  embedded S3 at ${store.storage.endpoint}, bucket "${store.storage.bucket}" (data in ${dataDir}, kept across restarts; --reset empties it)`,
)
console.log('  Ctrl+C to stop\n')

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await app.close()
  await store.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
