import { createEndpointClient, postJson, type EndpointClient, type EndpointOptions } from './endpoint-client.js'
import { EndpointError } from '../errors.js'
import type { BatchItemReply, PresignReplies, PresignRequest } from '../../protocol/messages.js'
import { validateReply } from './reply-checks.js'

export interface BatchingOptions {
  /** How long (ms) to gather concurrent signing requests into one HTTP request. Default 5; 0 turns batching off. */
  windowMs?: number
  /** Most requests per batch. Default 100 (the reference server's default limit). */
  maxBatchSize?: number
  /** An endpoint request with no answer after this long (ms) fails as unreachable. Default 30 000. */
  timeoutMs?: number
}

interface Waiting {
  request: PresignRequest
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/**
 * An EndpointClient that sends the requests made within a short window as one
 * `{ operation: 'batch' }` request. Against a server without `batch` (it
 * answers UNKNOWN_OPERATION) it falls back to one request each, for good.
 */
export function createBatchingClient(options: EndpointOptions, batching: BatchingOptions = {}): EndpointClient {
  const windowMs = batching.windowMs ?? 5
  const maxBatchSize = Math.max(1, batching.maxBatchSize ?? 100)
  const timeoutMs = batching.timeoutMs ?? 30_000
  const single = createEndpointClient(options)
  let queue: Waiting[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let batchSupported = windowMs > 0

  const sendOne = (item: Waiting) =>
    single.send(item.request, timeoutSignal(timeoutMs)).then(item.resolve, (error: unknown) => item.reject(toUnreachable(error)))

  async function sendBatch(items: Waiting[]): Promise<void> {
    if (items.length === 1 || !batchSupported) return void (await Promise.all(items.map(sendOne)))
    let value: unknown
    try {
      value = await postJson(options, { operation: 'batch', requests: items.map((item) => item.request) }, timeoutSignal(timeoutMs))
    } catch (error) {
      if (error instanceof EndpointError && error.serverCode === 'UNKNOWN_OPERATION') {
        batchSupported = false
        return void (await Promise.all(items.map(sendOne)))
      }
      for (const item of items) item.reject(toUnreachable(error))
      return
    }
    settleItems(items, value)
  }

  function flush(): void {
    clearTimeout(timer)
    timer = undefined
    const taken = queue
    queue = []
    for (let start = 0; start < taken.length; start += maxBatchSize) {
      void sendBatch(taken.slice(start, start + maxBatchSize))
    }
  }

  return {
    send<R extends PresignRequest>(request: R, signal?: AbortSignal): Promise<PresignReplies[R['operation']]> {
      const reply = new Promise<unknown>((resolve, reject) => {
        queue.push({ request, resolve, reject })
        if (queue.length >= maxBatchSize || !batchSupported) flush()
        else timer ??= setTimeout(flush, windowMs)
      })
      // An aborted caller stops waiting; the shared HTTP request goes on for the others.
      return abortable(reply, signal) as Promise<PresignReplies[R['operation']]>
    },
  }
}

function settleItems(items: Waiting[], value: unknown): void {
  const replies = (value as { replies?: unknown } | null)?.replies
  if (!Array.isArray(replies) || replies.length !== items.length) {
    const error = new EndpointError(
      'ENDPOINT_BAD_REPLY',
      'The upload server sent a reply this library does not understand: reply.replies is not one reply per request.',
    )
    for (const item of items) item.reject(error)
    return
  }
  items.forEach((item, index) => {
    const reply = replies[index] as BatchItemReply
    if (typeof reply === 'object' && reply !== null && 'error' in reply) {
      item.reject(itemError(reply))
      return
    }
    try {
      item.resolve(validateReply(item.request.operation, reply))
    } catch (error) {
      item.reject(error)
    }
  })
}

function itemError(reply: { error?: { code?: unknown; message?: unknown }; status?: unknown }): EndpointError {
  const code = typeof reply.error?.code === 'string' ? reply.error.code : 'UNKNOWN'
  const message = typeof reply.error?.message === 'string' ? reply.error.message : code
  const status = typeof reply.status === 'number' ? reply.status : undefined
  return new EndpointError('ENDPOINT_REJECTED', message, { status, serverCode: code })
}

function timeoutSignal(ms: number): AbortSignal {
  return AbortSignal.timeout(ms)
}

function toUnreachable(error: unknown): unknown {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new EndpointError('ENDPOINT_UNREACHABLE', 'The upload server did not answer in time.', { cause: error })
  }
  return error
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
