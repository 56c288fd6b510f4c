import { systemClock, type Clock } from '../clock.js'
import { resolveTransferLayout } from '../../protocol/index.js'
import type { ChecksumAlgorithm } from '../../protocol/messages.js'
import { createBatchingClient } from '../endpoint/batching-endpoint-client.js'
import { CHECKSUM_HASHERS } from '../hashing/checksum-hashers.js'
import type { EndpointOptions } from '../endpoint/endpoint-client.js'
import { Limiter } from './request-limiter.js'
import { NetworkState, uppyNetwork, type NetworkWatch } from './network-watch.js'
import { PresignedUploader, type PresignedUploaderOptions } from './presigned-uploader.js'
import { fileFingerprint, localStorageResumeStore } from './resume-store.js'
import { resolveRetryOptions, type RetryOptions } from './retry.js'
import { SigningCache } from './upload-url-cache.js'
import { xhrTransport, type StorageTransport } from './storage-transport.js'

/** How bytes travel to the store. Every field is optional. */
export interface TransferOptions {
  /** Files larger than this many bytes go up in parts. Default 100 MiB. */
  multipartThreshold?: number
  /** Size of each part of a multipart upload, in bytes (at least 5 MiB). Default 8 MiB. */
  partSize?: number
  /** How many files upload at once. Default 6. */
  concurrency?: number
  /** Parts of one file in flight at once. Default 6. */
  parallelParts?: number
  /** Requests to the store at once, across all files. Default 6, a browser's connections per host on HTTP/1.1. */
  maxRequests?: number
  /** Retries, backoff and the stall timeout. */
  retry?: RetryOptions
  /**
   * Hash every body first and have its `Content-MD5` signed into its URL, so the store refuses
   * damaged or other bytes. Default `true`; the handler refuses uploads without it unless its
   * `requireChecksum` is turned off.
   */
  checksum?: boolean
  /**
   * The digest to hash with, the same as the handler's `checksumAlgorithm`: `'md5'` (default,
   * `Content-MD5`, verified by every S3-compatible store) or `'sha256'` (`x-amz-checksum-sha256`
   * per PUT and part and the composite checksum on completion; AWS S3). A mismatch with the
   * server fails the first upload with CHECKSUM_ALGORITHM_MISMATCH.
   */
  checksumAlgorithm?: ChecksumAlgorithm
  /**
   * After each file landed, ask the endpoint to `confirmUpload` it: the server checks the object
   * and runs its `onUploadComplete`, whose answer becomes the file's `serverData`. Default `true`;
   * an endpoint that answers UNKNOWN_OPERATION is skipped.
   */
  confirmUploads?: boolean
  /**
   * Keep the queue across reloads: files not yet landed in IndexedDB with their bytes (see
   * `persistBudgetBytes`), multipart upload ids in `localStorage`, so a reload resumes them
   * without picking them again. Default `true`.
   */
  resumeAfterReload?: boolean
  /** Signing requests made within this many ms go out as one batch request. Default 5; 0 turns batching off. */
  signingWindowMs?: number
  /** Part URLs signed per request, ahead of need. Default 32 (the server allows 100 by default). */
  signPartsAhead?: number
  /** Sends requests to the store instead of XMLHttpRequest (for tests). */
  transport?: StorageTransport
  /** Every timer and "now" of the uploads (backoff, stall timer, URL expiry); tests can drive it. Default: the system clock. */
  clock?: Clock
  /** Whether the browser is online; uploads wait while it is not. Default: `navigator.onLine` and its events (for tests). */
  network?: NetworkWatch
}

/** The uploader plugin and its options, built from the controller's options. */
export function createTransferPlugin(
  options: EndpointOptions & TransferOptions,
): [typeof PresignedUploader, PresignedUploaderOptions] {
  const clock = options.clock ?? systemClock
  const client = createBatchingClient(options, { windowMs: options.signingWindowMs ?? 5, clock })
  const layout = resolveTransferLayout(options)
  const maxRequests = options.maxRequests ?? 6
  const checksumAlgorithm = options.checksumAlgorithm ?? 'md5'
  return [
    PresignedUploader,
    {
      context: {
        cache: new SigningCache(client, options.signPartsAhead ?? 32, clock, checksumAlgorithm),
        transport: options.transport ?? xhrTransport(clock),
        retry: resolveRetryOptions(options.retry),
        checksum: options.checksum !== false,
        checksumAlgorithm,
        confirm: options.confirmUploads !== false,
        hasher: CHECKSUM_HASHERS[checksumAlgorithm](clock),
        requests: new Limiter(maxRequests),
        clock,
      },
      watchNetwork: (uppy) => new NetworkState(options.network ?? uppyNetwork(uppy), () => probeEndpoint(options), clock),
      limit: layout.concurrency,
      multipartThreshold: layout.multipartThreshold,
      partSize: layout.partSize,
      parallelParts: Math.max(1, options.parallelParts ?? 6),
      resumeStore: options.resumeAfterReload === false ? undefined : localStorageResumeStore(clock),
      fingerprint: (data) => fileFingerprint(options.endpoint, data),
      clock,
    },
  ]
}

/** Any HTTP answer from the signing endpoint, even a 405, means the network is up. */
async function probeEndpoint(options: EndpointOptions): Promise<boolean> {
  try {
    await (options.fetch ?? globalThis.fetch)(options.endpoint, { method: 'HEAD', cache: 'no-store', credentials: options.credentials ?? 'same-origin' })
    return true
  } catch {
    return false
  }
}
