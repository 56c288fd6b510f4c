import type { Clock } from '../clock.js'
import type { TransferNetwork } from './network-watch.js'
import type { Md5Hasher } from '../hashing/md5-hasher.js'
import type { Limiter } from './request-limiter.js'
import type { ChecksumAlgorithm, FileDescriptor, SignedRequest } from '../../protocol/messages.js'
import type { ResolvedRetryOptions } from './retry.js'
import { checkStatus } from './s3-xml-replies.js'
import type { SigningCache } from './upload-url-cache.js'
import type { StorageResponse, StorageTransport } from './storage-transport.js'
import * as StorageFailure from './storage-failures.js'

/** Everything one file's transfer needs, shared by every file of a controller. */
export interface TransferContext {
  cache: SigningCache
  transport: StorageTransport
  retry: ResolvedRetryOptions
  /** Hash every body first and have its digest signed into its URL. */
  checksum: boolean
  /** Which digest: the server's `checksumAlgorithm` (`md5` as Content-MD5, `sha256` as x-amz-checksum-sha256). Default `md5`. */
  checksumAlgorithm?: ChecksumAlgorithm | undefined
  /** Call `confirmUpload` after each file landed. */
  confirm: boolean
  /** Computes the `checksumAlgorithm` digests, off the main thread where it can. */
  hasher: Md5Hasher
  /** Slots for requests to the store, across files. */
  requests: Limiter
  /** Every timer and "now" of the transfer. */
  clock: Clock
  /** Requests wait while it is down, without using up attempts. Default: always online. */
  network?: TransferNetwork | undefined
}

/** One file to transfer. */
export interface TransferJob {
  fileId: string
  file: FileDescriptor
  data: Blob
  /** Bytes of this file the store has (or is receiving) now. */
  onProgress: (bytesUploaded: number) => void
  /** The body's digest when it was started ahead (to sign the URL ahead too); otherwise hashed when needed. */
  md5?: Promise<string> | undefined
}

export interface TransferResult {
  key: string
  location: string
  /** The object's ETag as our hashes predict it (or as the store answered), for `confirmUpload`. */
  etag?: string
  /** With `checksumAlgorithm` 'sha256': the object's SHA-256 as hashed here (base64; composite `<base64>-<parts>` for multipart). */
  sha256?: string
  /** The store's answer did not prove the object is there (see multipart-upload.ts `complete`): confirm it. */
  unverified?: boolean
}

/** Sends `signed` as signed, plus `extra` headers, in a request slot; throws typed errors for non-2xx. */
export async function sendSigned(
  context: TransferContext,
  signed: SignedRequest,
  signal: AbortSignal,
  options: { body?: Blob | string; extraHeaders?: Record<string, string>; onProgress?: (loaded: number) => void } = {},
): Promise<StorageResponse> {
  // Only a URL that arrived already expired gets here late: the endpoint is slower than the URLs live.
  if (context.clock.now() >= Date.parse(signed.expiresAt)) throw StorageFailure.expired()
  const response = await context.requests.run(
    () =>
      context.transport({
        method: signed.method,
        url: signed.url,
        headers: { ...options.extraHeaders, ...signed.headers },
        body: options.body,
        signal,
        onProgress: options.onProgress,
        stallTimeoutMs: context.retry.stallTimeoutMs,
      }),
    signal,
  )
  return checkStatus(response)
}

/** What the endpoint is told of a file (an Uppy file's name, size and type may be unset). */
export function describeFile(file: { name?: string | undefined; size?: number | null; type?: string | undefined }): FileDescriptor {
  return { name: file.name ?? 'blob', size: file.size ?? 0, type: file.type ?? '' }
}

export function withoutQuery(url: string): string {
  const index = url.indexOf('?')
  return index < 0 ? url : url.slice(0, index)
}
