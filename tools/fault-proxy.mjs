// A reverse proxy between the browser and the store, for tests and benchmarks:
// it can cut a request mid-body, flip one byte of a body (same length, so only
// a checksum can tell), lose the store's answer after the store acted on the
// request, answer 503 SlowDown, delay, and throttle request bodies. It forwards the Host header unchanged, so URLs presigned for
// the proxy's address verify at the store behind it.
import http from 'node:http'
import { Transform } from 'node:stream'

/**
 * @typedef {{ action?: 'pass' | 'cut' | 'flip' | 'lose-answer' | 'slowdown', delayMs?: number }} Decision
 * @typedef {{ method: string, url: string, index: number }} SeenRequest
 * @typedef {SeenRequest & { action: string, status?: number, errorCode?: string }} Seen
 *   `status` and `errorCode` (the store's `<Code>`, for answers ≥ 400) once the store answered.
 * @param {{
 *   target: string,
 *   decide?: (request: SeenRequest) => Decision,
 *   bytesPerSecond?: number,
 *   latencyMs?: number,
 * }} options
 */
export async function startFaultProxy(options) {
  const target = new URL(options.target)
  /** @type {Seen[]} */
  const seen = []
  let index = 0
  const server = http.createServer((req, res) => {
    const request = { method: req.method ?? 'GET', url: req.url ?? '/', index: index++ }
    const decision = req.method === 'OPTIONS' ? {} : (options.decide?.(request) ?? {})
    const action = decision.action ?? 'pass'
    /** @type {Seen} */
    const entry = { ...request, action }
    seen.push(entry)
    const go = () => {
      if (action === 'slowdown') return slowDown(req, res)
      forward(req, res, target, entry, { cut: action === 'cut', flip: action === 'flip', loseAnswer: action === 'lose-answer', bytesPerSecond: options.bytesPerSecond, latencyMs: options.latencyMs ?? 0 })
    }
    const wait = (decision.delayMs ?? 0) + (options.latencyMs ?? 0)
    if (wait > 0) setTimeout(go, wait)
    else go()
  })
  server.keepAliveTimeout = 5000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('The fault proxy did not start.')
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve(undefined))
      }),
  }
}

function corsHeaders(req) {
  const origin = req.headers.origin
  return origin ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag', vary: 'Origin' } : {}
}

function slowDown(req, res) {
  req.resume()
  req.on('end', () => {
    res.writeHead(503, { 'content-type': 'application/xml', ...corsHeaders(req) })
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>')
  })
}

function forward(req, res, target, entry, { cut, flip, loseAnswer, bytesPerSecond, latencyMs }) {
  const upstream = http.request({
    host: target.hostname,
    port: target.port,
    method: req.method,
    path: req.url,
    headers: req.headers,
  })
  upstream.on('response', (answer) => {
    entry.status = answer.statusCode
    if ((answer.statusCode ?? 0) >= 400) recordErrorCode(answer, entry)
    if (loseAnswer) {
      // The store did its work; the browser sees the connection drop instead of its answer.
      answer.resume()
      answer.on('end', () => res.destroy())
      return
    }
    const send = () => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    }
    if (latencyMs > 0) setTimeout(send, latencyMs)
    else send()
  })
  upstream.on('error', () => res.destroy())
  req.on('error', () => upstream.destroy())
  let body = req
  if (bytesPerSecond) body = body.pipe(throttle(bytesPerSecond))
  if (cut) {
    // Send about half of the body, then drop both connections: the store
    // sees a truncated request, the browser a network error.
    const half = Math.floor(Number(req.headers['content-length'] ?? 0) / 2)
    if (half === 0) {
      upstream.destroy()
      req.socket.destroy()
      return
    }
    let sent = 0
    body = body.pipe(
      new Transform({
        transform(chunk, _encoding, callback) {
          if (sent >= half) return callback()
          const piece = chunk.subarray(0, half - sent)
          sent += piece.length
          callback(null, piece)
          if (sent >= half) {
            setTimeout(() => {
              upstream.destroy()
              req.socket.destroy()
            }, 20)
          }
        },
      }),
    )
  }
  if (flip) body = body.pipe(flipOneByte(Math.floor(Number(req.headers['content-length'] ?? 0) / 2)))
  body.pipe(upstream)
}

/** Inverts the bits of the byte at `offset` (a body of 0 bytes passes unchanged). */
function flipOneByte(offset) {
  let seen = 0
  return new Transform({
    transform(chunk, _encoding, callback) {
      const at = offset - seen
      seen += chunk.length
      if (at < 0 || at >= chunk.length) return callback(null, chunk)
      const copy = Buffer.from(chunk)
      copy[at] = copy[at] ^ 0xff
      callback(null, copy)
    },
  })
}

/** Reads the `<Code>` of an S3 error answer as it streams through to the browser. */
function recordErrorCode(answer, entry) {
  let text = ''
  answer.on('data', (chunk) => {
    if (text.length < 4096) text += chunk.toString('utf8')
  })
  answer.on('end', () => {
    entry.errorCode = /<Code>([^<]+)<\/Code>/.exec(text)?.[1]
  })
}

function throttle(bytesPerSecond) {
  return new Transform({
    transform(chunk, _encoding, callback) {
      setTimeout(() => callback(null, chunk), (chunk.length / bytesPerSecond) * 1000)
    },
  })
}
