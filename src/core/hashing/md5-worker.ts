// The worker script: built into a string by Vite (`?worker&inline`, see
// md5-worker-start.ts) and started from a Blob URL. Hashes what the pool sends, one message at a
// time (one blob or slice, or a `hashEach` of small blobs); the File the page picked stays on
// disk, read piece by piece into one buffer.
import { blobMd5Base64 } from './blob-md5.js'
import { toBase64 } from './digest-encoding.js'
import { Md5 } from './md5.js'
import { BlobCursor } from './read-blob.js'
import { serveHashes, type HashJob } from './serve-hashes.js'

// One slice at a time runs here (the pool sends the next message once this one is answered; a
// `hashEach` holds whole blobs only), so one cursor serves them all.
const cursor = new BlobCursor()

/** A slice of a file goes on from where the last one ended, on the same stream; any other blob is read on its own. */
async function md5Of(job: HashJob, signal: AbortSignal): Promise<string> {
  const { within } = job
  if (within) {
    const md5 = new Md5()
    try {
      if (await cursor.read(within.whole, within.key, within.start, job.size, (chunk) => md5.update(chunk), signal)) {
        return toBase64(md5.digest())
      }
    } catch (error) {
      if (signal.aborted) throw error
      // The whole blob ended early or could not be read: the slice on its own says which.
    }
  }
  return blobMd5Base64(job.blob(), signal)
}

serveHashes(md5Of)
