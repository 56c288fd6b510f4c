import { keepsQueueHere } from './transfer/persisted-queue/options.js'
import type { UploadControllerOptions } from './upload-controller-options.js'
import type { ChecksumAlgorithm } from '../protocol/messages.js'

/**
 * The chunks the controller loads on demand, in one table: the code that needs one calls its
 * loader here (but see the workers'), and `preloadUploadChunks` fetches them ahead. Imported
 * only by code in the controller's own chunk and after it: were the page's code
 * (lazy-upload-controller.ts) to import these too, a host's bundler could no longer count on
 * the controller's chunk being there first, and Vite 8 then moved the modules these chunks
 * share with it into a chunk the page loads (+0.7 KB gzip at page load, bench/bundle-size.mjs).
 */
export const UPLOAD_CHUNKS = {
  /** Our transport (install-uploader.ts). */
  transfer: shared(() => import('./transfer/create-transfer-plugin.js')),
  /** Companion mode's uploader instead (install-uploader.ts). */
  companion: shared(() => import('@uppy/aws-s3')),
  /** The IndexedDB queue kept across reloads (queue-link.ts). */
  queue: shared(() => import('./transfer/persisted-queue/persisted-queue.js')),
  /**
   * Each checksum's worker, for the preload: md5-hasher.ts and checksum-hashers.ts load the same
   * modules themselves at the first hash. Not through this table: md5-hasher.ts is also used
   * apart from the controller (`createMd5Hasher`, bench/widget.mjs's fetch loop), and importing
   * this table from there let the bench page's bundler reach the transport from outside the
   * controller: it split four more chunks out of the controller's, and the first file's request
   * to the endpoint went out ~20 ms later (bench/widget.mjs, BENCH_ONLY=rtt).
   */
  md5Worker: shared(() => import('./hashing/md5-worker-start.js')),
  sha256Worker: shared(() => import('./hashing/sha256-worker-start.js')),
}

type Chunk = keyof typeof UPLOAD_CHUNKS

const WORKER_CHUNK = { md5: 'md5Worker', sha256: 'sha256Worker' } as const satisfies Record<ChecksumAlgorithm, Chunk>

/**
 * Fetches, all at once, the chunks an upload with `options` needs: before the first file (a
 * prefetch), and at each upload, where the hash worker's chunk came a round trip to the page's
 * server after the transport's. What is loaded or loading is not fetched again (`shared`). A
 * failure is not reported here: the code that needs the chunk loads it again, and reports that.
 */
export function preloadUploadChunks(options: UploadControllerOptions): void {
  const uploader: Chunk[] = options.companionEndpoint === undefined ? ['transfer', ...hashWorker(options)] : ['companion']
  preload([...(keepsQueueHere(options) ? (['queue'] as const) : []), ...uploader])
}

function hashWorker(options: UploadControllerOptions): Chunk[] {
  return options.checksum !== false && typeof Worker === 'function' ? [WORKER_CHUNK[options.checksumAlgorithm ?? 'md5']] : []
}

function preload(chunks: readonly Chunk[]): void {
  for (const chunk of chunks) UPLOAD_CHUNKS[chunk]().catch(() => {})
}

/**
 * One load per chunk at a time, whoever asks meanwhile (a preload, then the code that needs the
 * chunk, as a browser shares one fetch between two `import()`s of a URL); a load that failed is
 * forgotten, so the next ask fetches again (a Retry after an outage). Vitest's module mocks
 * otherwise answer the second of two concurrent imports of a module whose mock throws with the
 * real module.
 */
function shared<T>(load: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined
  return () => {
    if (current) return current
    const attempt = load()
    current = attempt
    attempt.catch(() => {
      if (current === attempt) current = undefined
    })
    return attempt
  }
}
