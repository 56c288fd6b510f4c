import { systemClock, type Clock } from '../clock.js'
import { createEndpointClient, type EndpointClient, type EndpointOptionsSource, type EndpointReply } from './endpoint-client.js'
import { postJson } from './post-json.js'
import { ENDPOINT_TIMEOUT_MS, timeoutSignal, toUnreachable } from './timeout.js'
import { EndpointError } from '../errors.js'
import { PresignErrorCode } from '../../protocol/error-codes.js'
import type { BatchItemReply, PresignReplies, PresignRequest } from '../../protocol/messages.js'
import { validateReply } from './reply-checks.js'
import { SERVER_LIMIT_DEFAULTS } from '../../protocol/limits.js'

export interface BatchingOptions {
  /** How long (ms) to gather concurrent signing requests into one HTTP request. Default 5; 0 turns batching off. */
  windowMs?: number
  /**
   * How long (ms) a `confirmUpload` waits for company. Default `CONFIRM_WINDOW_MS`. It holds
   * no upload slot (the next file is already going up), so it may wait longer than signing,
   * which a transfer waits on; a signing request's shorter window takes the waiting confirms
   * along, and `flush()` sends them when nothing else will come (the uploader's last file).
   */
  confirmWindowMs?: number
  /** Most requests per batch. Default 100 (the reference server's default limit). */
  maxBatchSize?: number
  /** An endpoint request with no answer after this long (ms) fails as unreachable. Default `ENDPOINT_TIMEOUT_MS`. */
  timeoutMs?: number
  /** The batching window and the timeout run on it. Default: the system clock. */
  clock?: Clock
}

/**
 * How long a confirm waits for company while other files upload. The uploader sends the last
 * file's confirm at once (confirm-upload.ts, `alone`), so the wait never delays the end; in
 * between, most confirms then ride on a signing request (sign-ahead batches come every ~13
 * small files) instead of their own: 1000 x 4 KiB took 170 confirm requests at 50 ms, 112 at
 * 150 (BENCH_REQUESTS=1).
 */
export const CONFIRM_WINDOW_MS = 150

interface Waiting {
  request: PresignRequest
  resolve: (value: EndpointReply<unknown>) => void
  reject: (error: unknown) => void
}

/**
 * The server's per-request limits hold for a whole batch (docs/protocol.md, batch): keys of
 * all getObjects items together, part numbers of all signParts items together.
 */
const SHARED_LIMITS = [
  { cost: (r: PresignRequest) => (r.operation === 'getObjects' ? r.keys.length : 0), limit: SERVER_LIMIT_DEFAULTS.maxKeysPerRequest },
  { cost: (r: PresignRequest) => (r.operation === 'signParts' ? r.partNumbers.length : 0), limit: SERVER_LIMIT_DEFAULTS.maxPartNumbersPerRequest },
] as const

// A server refuses a whole batch with these when its shared limits are lower than the defaults.
const SHARED_LIMIT_CODES = new Set(['TOO_MANY_KEYS', 'TOO_MANY_PARTS'])

/** Cuts the queue into batches of at most `maxBatchSize` items that together fit the shared limits. */
function splitBatches(items: readonly Waiting[], maxBatchSize: number): Waiting[][] {
  const batches: Waiting[][] = []
  let current: Waiting[] = []
  let used = SHARED_LIMITS.map(() => 0)
  for (const item of items) {
    const cost = SHARED_LIMITS.map(({ cost }) => cost(item.request))
    const fits = current.length < maxBatchSize && SHARED_LIMITS.every(({ limit }, i) => used[i]! + cost[i]! <= limit)
    if (!fits && current.length > 0) {
      batches.push(current)
      current = []
      used = SHARED_LIMITS.map(() => 0)
    }
    current.push(item)
    used = used.map((value, i) => value + cost[i]!)
  }
  if (current.length > 0) batches.push(current)
  return batches
}

/**
 * The one signing pipeline of both sides: an EndpointClient that sends the requests
 * made within a short window as one `{ operation: 'batch' }` request, each reply with
 * the server's `Date`. Against a server without `batch` (it answers UNKNOWN_OPERATION)
 * it falls back to one request each, for good.
 */
export function createBatchingClient(options: EndpointOptionsSource, batching: BatchingOptions = {}): EndpointClient {
  const windowMs = batching.windowMs ?? 5
  const confirmWindowMs = Math.max(windowMs, batching.confirmWindowMs ?? CONFIRM_WINDOW_MS)
  const maxBatchSize = Math.max(1, batching.maxBatchSize ?? 100)
  const timeoutMs = batching.timeoutMs ?? ENDPOINT_TIMEOUT_MS
  const clock = batching.clock ?? systemClock
  const single = createEndpointClient(options)
  let queue: Waiting[] = []
  let timer: unknown
  /** When the queue goes out: the earliest of its requests' windows. */
  let flushAt = Number.POSITIVE_INFINITY
  let batchSupported = windowMs > 0

  const withTimeout = async <T>(send: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const timeout = timeoutSignal(clock, timeoutMs)
    try {
      return await send(timeout.signal)
    } catch (error) {
      throw toUnreachable(error)
    } finally {
      timeout.clear()
    }
  }

  const sendOne = (item: Waiting) =>
    withTimeout((signal) => single.exchange(item.request, signal)).then(item.resolve, item.reject)

  async function sendBatch(items: Waiting[]): Promise<void> {
    if (items.length === 1 || !batchSupported) return void (await Promise.all(items.map(sendOne)))
    let answer: EndpointReply<unknown>
    try {
      answer = await withTimeout((signal) =>
        postJson(options, { operation: 'batch', requests: items.map((item) => item.request) }, PresignErrorCode, signal),
      )
    } catch (error) {
      if (error instanceof EndpointError && error.serverCode === 'UNKNOWN_OPERATION') {
        batchSupported = false
        return void (await Promise.all(items.map(sendOne)))
      }
      // Each item fits the server's per-request limits alone; together they did not.
      if (error instanceof EndpointError && SHARED_LIMIT_CODES.has(error.serverCode ?? '')) {
        return void (await Promise.all(items.map(sendOne)))
      }
      for (const item of items) item.reject(error)
      return
    }
    settleItems(items, answer)
  }

  function flush(): void {
    if (timer !== undefined) clock.clearTimeout(timer)
    timer = undefined
    flushAt = Number.POSITIVE_INFINITY
    const taken = queue
    queue = []
    for (const batch of splitBatches(taken, maxBatchSize)) void sendBatch(batch)
  }

  const exchange = <R extends PresignRequest>(request: R, signal?: AbortSignal) => {
    const reply = new Promise<EndpointReply<unknown>>((resolve, reject) => {
      queue.push({ request, resolve, reject })
      if (queue.length >= maxBatchSize || !batchSupported) return flush()
      // 1000 small files confirmed within 5 ms of each other only by chance: mostly one per HTTP request.
      const wait = request.operation === 'confirmUpload' ? confirmWindowMs : windowMs
      const at = clock.now() + wait
      if (at >= flushAt) return
      if (timer !== undefined) clock.clearTimeout(timer)
      flushAt = at
      timer = clock.setTimeout(flush, wait)
    })
    // An aborted caller stops waiting; the shared HTTP request goes on for the others.
    return abortable(reply, signal) as Promise<EndpointReply<PresignReplies[R['operation']]>>
  }
  return {
    exchange,
    send: async (request, signal) => (await exchange(request, signal)).reply,
    flush: () => {
      if (queue.length > 0) flush()
    },
  }
}

function settleItems(items: Waiting[], { reply: value, serverDate }: EndpointReply<unknown>): void {
  const replies = (value as { replies?: unknown } | null)?.replies
  if (!Array.isArray(replies) || replies.length !== items.length) {
    const error = EndpointError.badReply('reply.replies is not one reply per request')
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
      item.resolve({ reply: validateReply(item.request.operation, reply), serverDate })
    } catch (error) {
      item.reject(error)
    }
  })
}

function itemError(reply: { error?: { code?: unknown; message?: unknown }; status?: unknown }): EndpointError {
  const code = typeof reply.error?.code === 'string' ? reply.error.code : 'UNKNOWN'
  const message = typeof reply.error?.message === 'string' ? reply.error.message : code
  const status = typeof reply.status === 'number' ? reply.status : undefined
  return EndpointError.rejected(PresignErrorCode, code, message, status)
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
