import { systemClock, type Clock, type TimerHandle } from '../clock.js'
import * as StorageFailure from './storage-failures.js'

/** One request to the store with a presigned URL. */
export interface StorageRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  url: string
  headers: Record<string, string>
  body?: Blob | string | undefined
  signal: AbortSignal
  /** Bytes of the body sent so far. */
  onProgress?: ((loaded: number) => void) | undefined
  /** Give up when nothing moves for this long (ms). */
  stallTimeoutMs: number
}

/** Any HTTP answer, 2xx or not. */
export interface StorageResponse {
  status: number
  header(name: string): string | null
  text: string
}

/**
 * Sends one request. Resolves with any HTTP answer; rejects with a
 * `StorageError` (`STORAGE_NETWORK_ERROR` or `STORAGE_STALLED`) when there is
 * none, or with the signal's reason when aborted. Injectable for tests.
 */
export type StorageTransport = (request: StorageRequest) => Promise<StorageResponse>

/**
 * XMLHttpRequest, because `fetch` reports no upload progress. The stall timer
 * restarts on every upload or download progress event, so a slow link that
 * keeps moving is never cut, and a dead one never hangs (Uppy 6.3's own stall
 * timer is wired to nothing: @uppy/aws-s3 6.3.1's S3mini documents "stall
 * detection via ProgressTimeout" but never creates one; not reported upstream
 * as of 2026-12).
 */
export const xhrTransport = (clock: Clock = systemClock): StorageTransport => (request) =>
  new Promise((resolve, reject) => {
    const { signal } = request
    if (signal.aborted) return reject(signal.reason)
    const xhr = new XMLHttpRequest()
    let stallTimer: TimerHandle | undefined
    const finish = (settle: () => void) => {
      clock.clearTimeout(stallTimer)
      signal.removeEventListener('abort', onAbort)
      settle()
    }
    const armStall = () => {
      clock.clearTimeout(stallTimer)
      stallTimer = clock.setTimeout(() => {
        xhr.abort()
        finish(() => reject(StorageFailure.stalled(request.stallTimeoutMs)))
      }, request.stallTimeoutMs)
    }
    const onAbort = () => {
      xhr.abort()
      finish(() => reject(signal.reason))
    }
    signal.addEventListener('abort', onAbort)
    xhr.open(request.method, request.url)
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value)
    xhr.upload.addEventListener('progress', (event) => {
      armStall()
      request.onProgress?.(event.loaded)
    })
    xhr.addEventListener('progress', armStall)
    xhr.addEventListener('load', () =>
      finish(() =>
        resolve({ status: xhr.status, header: (name) => xhr.getResponseHeader(name), text: xhr.responseText }),
      ),
    )
    xhr.addEventListener('error', () => finish(() => reject(StorageFailure.network())))
    xhr.addEventListener('timeout', () => finish(() => reject(StorageFailure.network())))
    armStall()
    xhr.send(request.body ?? null)
  })
