import { StorageError } from '../core/errors.js'
import type { StorageTransport } from '../core/storage-transport.js'

/**
 * A `transport` for tests in jsdom: sends store requests with `fetch` instead
 * of XMLHttpRequest. msw's XMLHttpRequest interception in jsdom copies request
 * bodies so slowly that a multi-MiB part takes a minute; its `fetch`
 * interception does not. Reports progress once, when a body is sent whole.
 * Pass it as `<S3Uploader transport={fetchTransport} />`.
 */
export const fetchTransport: StorageTransport = async (request) => {
  let response: Response
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    })
  } catch (cause) {
    if (request.signal.aborted) throw request.signal.reason
    throw new StorageError('STORAGE_NETWORK_ERROR', 'The request to the store failed.', { cause })
  }
  const text = await response.text()
  if (request.body !== undefined) request.onProgress?.(typeof request.body === 'string' ? request.body.length : request.body.size)
  return { status: response.status, header: (name) => response.headers.get(name), text }
}
