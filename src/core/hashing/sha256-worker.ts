// The SHA-256 worker script, as md5-worker.ts is the MD5 one (built into a string by Vite,
// see sha256-worker-start.ts), speaking the same messages to the same pool (md5-hasher.ts).
import { blobSha256Base64 } from './blob-sha256.js'
import { serveHashes } from './serve-hashes.js'

serveHashes((job, signal) => blobSha256Base64(job.blob(), signal))
