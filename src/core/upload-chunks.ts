import type { ChecksumAlgorithm } from '../protocol/messages.js'
import { keepsQueueHere } from './transfer/persisted-queue/options.js'
import type { UploadControllerOptions } from './upload-controller-options.js'

/**
 * Every chunk of upload code that loads on demand, not with the page (bench/bundle-size.mjs):
 * the code that needs one calls its loader here, and `loadUploadCode` fetches them ahead.
 * A bundler makes each `import()` its own chunk once, whoever calls it.
 */
export const UPLOAD_CHUNKS = {
  /** The controller with Uppy (lazy-upload-controller.ts). */
  controller: () => import('./upload-controller.js'),
  /** Our transport (install-uploader.ts). */
  transfer: () => import('./transfer/create-transfer-plugin.js'),
  /** Companion mode's uploader instead (install-uploader.ts). */
  companion: () => import('@uppy/aws-s3'),
  /** The IndexedDB queue kept across reloads (queue-link.ts). */
  queue: () => import('./transfer/persisted-queue/persisted-queue.js'),
  /** Each checksum's worker (checksum-hashers.ts). */
  md5Worker: () => import('./hashing/md5-worker-start.js'),
  sha256Worker: () => import('./hashing/sha256-worker-start.js'),
}

type Chunk = keyof typeof UPLOAD_CHUNKS

const WORKER_CHUNK = { md5: 'md5Worker', sha256: 'sha256Worker' } as const satisfies Record<ChecksumAlgorithm, Chunk>

/**
 * The controller's code, with every chunk an upload with `options` loads after it fetched at the
 * same time. Loaded one by one as each is reached, they were three round trips to the page's
 * server in a row before the first request to the endpoint: 60–100 ms of the 256 MiB upload's
 * first PUT coming later than the fetch loop's (bench/widget.mjs, BENCH_TIMELINE). Only the
 * controller's failure is reported here: the code that needs another chunk loads it again, and
 * says so if it does not arrive (uploader-plugin-load.ts).
 */
export function loadUploadCode(options: UploadControllerOptions): ReturnType<(typeof UPLOAD_CHUNKS)['controller']> {
  const controller = UPLOAD_CHUNKS.controller()
  for (const chunk of chunksAfterController(options)) UPLOAD_CHUNKS[chunk]().catch(() => {})
  return controller
}

function chunksAfterController(options: UploadControllerOptions): Chunk[] {
  const chunks: Chunk[] = keepsQueueHere(options) ? ['queue'] : []
  if (options.companionEndpoint !== undefined) return [...chunks, 'companion']
  chunks.push('transfer')
  if (options.checksum !== false && typeof Worker === 'function') chunks.push(WORKER_CHUNK[options.checksumAlgorithm ?? 'md5'])
  return chunks
}
