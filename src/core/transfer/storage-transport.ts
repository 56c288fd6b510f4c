import { StorageError } from '../errors.js'

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
export const xhrTransport: StorageTransport = (request) =>
  new Promise((resolve, reject) => {
    const { signal } = request
    if (signal.aborted) return reject(signal.reason)
    const xhr = new XMLHttpRequest()
    let stallTimer: ReturnType<typeof setTimeout> | undefined
    const finish = (settle: () => void) => {
      clearTimeout(stallTimer)
      signal.removeEventListener('abort', onAbort)
      settle()
    }
    const armStall = () => {
      clearTimeout(stallTimer)
      stallTimer = setTimeout(() => {
        xhr.abort()
        finish(() => reject(stalledError(request.stallTimeoutMs)))
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
    xhr.addEventListener('error', () => finish(() => reject(networkError())))
    xhr.addEventListener('timeout', () => finish(() => reject(networkError())))
    armStall()
    xhr.send(request.body ?? null)
  })

export function networkError(cause?: unknown): StorageError {
  return new StorageError(
    'STORAGE_NETWORK_ERROR',
    'The upload to storage failed: the connection dropped or the storage refused it without saying why.',
    { cause },
  )
}

export function stalledError(timeoutMs: number): StorageError {
  return new StorageError(
    'STORAGE_STALLED',
    `The upload to storage stopped making progress for ${Math.round(timeoutMs / 1000)} s.`,
  )
}
