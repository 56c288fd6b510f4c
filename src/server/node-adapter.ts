import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorResponse, jsonResponse } from './json-response.js'
import { knownResponseText, rememberRequestBody } from './known-bodies.js'
import { SERVER_LIMIT_DEFAULTS } from '../protocol/limits.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * Runs a Fetch-API handler on Node's `http` server, or as Express/Connect middleware:
 * `app.post('/api/s3', toNodeHandler(handler))`.
 */

export type FetchHandler = (request: Request) => Promise<Response>

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void

export interface NodeAdapterOptions {
  /** Body bytes to read at most. Default: the handler's own `maxRequestBytes`, else 64 KiB. */
  maxRequestBytes?: number
  /** Receives errors thrown by the handler (answered 500). Default: console.error. */
  onError?: (error: unknown) => void
  /**
   * How long the whole body may take to arrive, in ms, before the request is answered
   * 408 REQUEST_TIMEOUT. Default 10 000: a signing request is a few KiB, and Node's own
   * `requestTimeout` (300 s) would let a slow client hold the request that long.
   */
  bodyTimeoutMs?: number
}

// Node's parser accepts these, but the Fetch Request class throws on them.
const UNREPRESENTABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])

// Framing headers describe the Node stream, not the byte array the Request gets.
const DROPPED_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
])

/** What is drained of an oversized body after its 413, so the client reads the answer (see `answerThenClose`). */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024

interface Body {
  bytes: Uint8Array<ArrayBuffer>
  /** More than the limit arrived; only `limit + 1` bytes were kept. */
  truncated: boolean
}

function bodyTimedOut(timeoutMs: number): PresignRejection {
  return new PresignRejection(PresignErrorCode.REQUEST_TIMEOUT, `The request body did not arrive within ${timeoutMs} ms`)
}

/** Keeps at most `maxBytes + 1` bytes, enough for the handler to see the body is too big. */
function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const timer = setTimeout(() => onError(bodyTimedOut(timeoutMs)), timeoutMs)
    const cleanup = () => {
      clearTimeout(timer)
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
    }
    const finish = (truncated: boolean) => {
      cleanup()
      resolve({ bytes: Buffer.concat(chunks), truncated })
    }
    const onData = (chunk: Buffer) => {
      const room = maxBytes + 1 - total
      total += chunk.length
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk)
      // The rest keeps flowing and is discarded (the stream stays in flowing mode),
      // so the client can finish sending and read the 413.
      if (total > maxBytes) finish(true)
    }
    const onEnd = () => finish(false)
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const onClose = () => onError(new Error('The client closed the connection before the body was read'))
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}

/** Express' `express.json()` may have consumed the stream already; use what it parsed. */
function alreadyParsedBody(req: IncomingMessage): Uint8Array<ArrayBuffer> | undefined {
  if (!req.readableEnded || !('body' in req)) return undefined
  const { body } = req
  if (body instanceof Uint8Array) return new Uint8Array(body)
  if (typeof body === 'string') return new TextEncoder().encode(body)
  if (typeof body === 'object' && body !== null) return new TextEncoder().encode(JSON.stringify(body))
  return new Uint8Array(0)
}

function requestUrl(req: IncomingMessage): string {
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true
  // Express strips the mount path from req.url and keeps the full one in originalUrl.
  const path = 'originalUrl' in req && typeof req.originalUrl === 'string' ? req.originalUrl : (req.url ?? '/')
  try {
    return new URL(`${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${path}`).href
  } catch {
    return 'http://localhost/'
  }
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name)) continue
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, item)
      } catch {
        // Node's parser is more lenient than the Fetch Headers class; drop what it refuses.
      }
    }
  }
  return headers
}

async function toRequest(req: IncomingMessage, { maxBytes, bodyTimeoutMs }: Adapter): Promise<{ request: Request; truncated: boolean }> {
  const method = req.method ?? 'GET'
  const init: RequestInit = { method, headers: requestHeaders(req) }
  let truncated = false
  // Only POST bodies are read: the handler answers 405 to anything else without looking.
  if (method === 'POST') {
    const parsed = alreadyParsedBody(req)
    const body = parsed === undefined ? await readBody(req, maxBytes, bodyTimeoutMs) : { bytes: parsed, truncated: false }
    init.body = body.bytes
    truncated = body.truncated
  }
  const request = new Request(requestUrl(req), init)
  if (init.body instanceof Uint8Array) rememberRequestBody(request, init.body)
  return { request, truncated }
}

async function writeResponse(res: ServerResponse, response: Response, closeConnection: boolean): Promise<void> {
  // The handler's own JSON replies are written from their text, without reading the stream back.
  const known = knownResponseText(response)
  const body = known !== undefined ? Buffer.from(known)
    : response.body === null ? undefined
    : Buffer.from(await response.arrayBuffer())
  res.statusCode = response.status
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (closeConnection) res.setHeader('connection', 'close')
  res.end(body)
}

/**
 * After the answer to an oversized body, reads and drops the rest of it (up to
 * MAX_DRAIN_BYTES, for at most `lingerMs`) before the connection may close.
 * Closing a socket with unread bytes sends a TCP reset, and a client still
 * writing its body then loses the 413 it had not read yet (EPIPE; issue 12).
 * Once the body has ended the connection is clean and stays open for reuse.
 */
function drainThenClose(req: IncomingMessage, lingerMs: number): void {
  if (req.readableEnded) return
  let drained = 0
  const stop = () => {
    clearTimeout(timer)
    req.off('data', onData).off('end', stop)
    req.socket.off('close', stop)
  }
  const close = () => {
    stop()
    req.socket.destroy()
  }
  const onData = (chunk: Buffer) => {
    drained += chunk.length
    if (drained > MAX_DRAIN_BYTES) close()
  }
  const timer = setTimeout(close, lingerMs)
  req.on('data', onData).once('end', stop)
  req.socket.once('close', stop)
  req.resume()
}

interface Adapter {
  handler: FetchHandler
  maxBytes: number
  bodyTimeoutMs: number
  onError: (error: unknown) => void
}

async function serve(adapter: Adapter, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { handler, onError } = adapter
  try {
    if (UNREPRESENTABLE_METHODS.has(req.method ?? '')) {
      const rejection = new PresignRejection(PresignErrorCode.METHOD_NOT_ALLOWED, 'Only POST is allowed')
      await writeResponse(res, errorResponse(rejection), false)
      return
    }
    const { request, truncated } = await toRequest(req, adapter)
    // Answer first; only then stop reading the rest of an oversized body.
    await writeResponse(res, await handler(request), false)
    if (truncated) drainThenClose(req, adapter.bodyTimeoutMs)
  } catch (error) {
    // The body deadline passed: a slow client gets its 408 and the connection ends.
    if (error instanceof PresignRejection && !res.headersSent) {
      await writeResponse(res, errorResponse(error), true).catch(() => res.destroy())
      return
    }
    // A client that went away needs no answer; anything else is a bug worth reporting.
    // (req.destroyed alone says nothing: a fully read request is destroyed too.)
    if (req.socket.destroyed || res.destroyed || res.headersSent) {
      res.destroy()
      return
    }
    try {
      onError(error)
    } catch {
      // Never let a failing logger crash the process.
    }
    const reply = { error: { code: PresignErrorCode.INTERNAL_ERROR, message: 'The upload could not be prepared' } }
    await writeResponse(res, jsonResponse(500, reply), false).catch(() => res.destroy())
  }
}

function defaultOnError(error: unknown): void {
  console.error('[react-presigned-s3] node adapter failed:', error)
}

/** `handler` is usually from `createPresignHandler`, whose body limit is used when none is given. */
export function toNodeHandler(
  handler: FetchHandler & { readonly maxRequestBytes?: number },
  options: NodeAdapterOptions = {},
): NodeHandler {
  const maxBytes = options.maxRequestBytes ?? handler.maxRequestBytes ?? SERVER_LIMIT_DEFAULTS.maxRequestBytes
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new TypeError('maxRequestBytes must be a positive integer')
  const { bodyTimeoutMs = 10_000 } = options
  if (!Number.isSafeInteger(bodyTimeoutMs) || bodyTimeoutMs < 1) throw new TypeError('bodyTimeoutMs must be a positive integer (ms)')
  const adapter: Adapter = { handler, maxBytes, bodyTimeoutMs, onError: options.onError ?? defaultOnError }
  return (req, res) => {
    void serve(adapter, req, res)
  }
}
