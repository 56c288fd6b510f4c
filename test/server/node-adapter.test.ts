import { createServer, request as httpRequest, type IncomingMessage, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type { PutObjectReply } from '../../src/protocol/messages.js'
import { toNodeHandler, type FetchHandler } from '../../src/server/index.js'
import { destroyClients, errorOf, makeHandler, query, smallFile } from './helpers.js'

afterAll(destroyClients)

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}

/** Records what the Fetch handler was given, then delegates. */
function recording(handler: FetchHandler & { maxRequestBytes: number }) {
  const seen: Array<{ url: string; method: string; headers: Headers; bodyBytes: number }> = []
  const wrapped = Object.assign(
    async (request: Request) => {
      const copy = request.clone()
      seen.push({ url: request.url, method: request.method, headers: request.headers, bodyBytes: (await copy.arrayBuffer()).byteLength })
      return handler(request)
    },
    { maxRequestBytes: handler.maxRequestBytes },
  )
  return { seen, wrapped }
}

const putBody = JSON.stringify({ operation: 'putObject', file: smallFile })

describe('toNodeHandler on a real http server', () => {
  it('signs through the adapter and passes URL, method and headers through', async () => {
    const { seen, wrapped } = recording(makeHandler())
    const base = await listen(toNodeHandler(wrapped))
    const response = await fetch(`${base}/api/s3?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t', cookie: 'a=1' },
      body: putBody,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const reply = (await response.json()) as PutObjectReply
    expect(query(reply.url).get('X-Amz-Signature')).toBeTruthy()
    expect(seen[0]?.url).toBe(`${base}/api/s3?x=1`)
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer t')
    expect(seen[0]?.headers.get('cookie')).toBe('a=1')
  })

  it('answers 405 and 415 like the Fetch handler', async () => {
    const base = await listen(toNodeHandler(makeHandler()))
    const get = await fetch(`${base}/api/s3`)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    const form = await fetch(`${base}/api/s3`, { method: 'POST', body: new URLSearchParams({ operation: 'putObject' }) })
    expect(form.status).toBe(415)
    const text = await fetch(`${base}/api/s3`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: putBody })
    expect(text.status).toBe(415)
  })

  it('answers 405 to methods the Fetch Request class cannot represent', async () => {
    const handler = vi.fn(makeHandler())
    const base = await listen(toNodeHandler(Object.assign(handler, { maxRequestBytes: 1024 })))
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const { port } = new URL(base)
      httpRequest({ host: '127.0.0.1', port, method: 'TRACE', path: '/' }, (res) => {
        res.resume()
        resolve(res.statusCode)
      })
        .on('error', reject)
        .end()
    })
    expect(status).toBe(405)
    expect(handler).not.toHaveBeenCalled()
  })

  it('answers 413 for an oversized body without buffering more than the limit + 1', async () => {
    const { seen, wrapped } = recording(makeHandler({ maxRequestBytes: 1024 }))
    const base = await listen(toNodeHandler(wrapped))
    const response = await fetch(`${base}/api/s3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    })
    expect(response.status).toBe(413)
    expect((await errorOf(response)).code).toBe('REQUEST_TOO_LARGE')
    expect(seen[0]?.bodyBytes).toBe(1025)
  })

  it('limits a chunked body with no Content-Length too', async () => {
    const { seen, wrapped } = recording(makeHandler({ maxRequestBytes: 1024 }))
    const base = await listen(toNodeHandler(wrapped))
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i += 1) controller.enqueue(new Uint8Array(1024).fill(32))
        controller.close()
      },
    })
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' }
    const response = await fetch(`${base}/api/s3`, init as RequestInit)
    expect(response.status).toBe(413)
    expect(seen[0]?.bodyBytes).toBe(1025)
  })

  it('works as Express-style middleware: mount path in originalUrl, body already parsed', async () => {
    const { seen, wrapped } = recording(makeHandler())
    const node = toNodeHandler(wrapped)
    const base = await listen((req, res) => {
      // What express.json() leaves behind: the stream consumed, the result on req.body.
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const expressReq = Object.assign(req, {
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
          originalUrl: req.url,
          url: '/',
        })
        node(expressReq, res)
      })
    })
    const response = await fetch(`${base}/api/s3`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: putBody })
    expect(response.status).toBe(200)
    expect(seen[0]?.url).toBe(`${base}/api/s3`)
  })

  it('works in a Connect-style middleware chain, mounted under a path, body unread', async () => {
    const { seen, wrapped } = recording(makeHandler())
    const node = toNodeHandler(wrapped)
    type Next = () => void
    type Middleware = (req: IncomingMessage & { originalUrl?: string }, res: Parameters<RequestListener>[1], next: Next) => void
    // What connect's app.use('/api/s3', fn) does: strip the mount path, keep the full URL in originalUrl.
    const chain: Array<[string, Middleware]> = [
      ['/', (req, _res, next) => { req.headers['x-seen-by'] = 'logger'; next() }],
      ['/api/s3', (req, res) => node(req, res)],
    ]
    const base = await listen((req, res) => {
      const full = req.url ?? '/'
      const run = (index: number): void => {
        const [path, middleware] = chain[index] ?? ['', () => { res.statusCode = 404; res.end() }]
        if (!full.startsWith(path)) return run(index + 1)
        Object.assign(req, { originalUrl: full, url: full.slice(path === '/' ? 0 : path.length) || '/' })
        middleware(req, res, () => run(index + 1))
      }
      run(0)
    })
    const response = await fetch(`${base}/api/s3?v=2`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: putBody })
    expect(response.status).toBe(200)
    expect(seen[0]?.url).toBe(`${base}/api/s3?v=2`)
    expect(seen[0]?.headers.get('x-seen-by')).toBe('logger')
    expect(((await response.json()) as PutObjectReply).key).toMatch(/^uploads\//)
    expect((await fetch(`${base}/other`, { method: 'POST' })).status).toBe(404)
  })

  it('answers 500 when the Fetch handler throws, and keeps serving', async () => {
    const onError = vi.fn()
    let calls = 0
    const flaky: FetchHandler = async () => {
      calls += 1
      if (calls === 1) throw new Error('secret detail')
      return new Response('ok')
    }
    const base = await listen(toNodeHandler(flaky, { onError }))
    const failed = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(failed.status).toBe(500)
    expect(await failed.text()).not.toContain('secret detail')
    expect(onError).toHaveBeenCalledWith(expect.any(Error))
    expect(await (await fetch(`${base}/`, { method: 'POST', body: '{}' })).text()).toBe('ok')
  })

  it('survives a client that disconnects mid-body', async () => {
    const handler = vi.fn(makeHandler())
    const node = toNodeHandler(Object.assign(handler, { maxRequestBytes: 64 * 1024 }))
    let reached: () => void = () => {}
    const arrived = new Promise<void>((resolve) => {
      reached = resolve
    })
    const base = await listen((req: IncomingMessage, res) => {
      node(req, res)
      req.once('data', () => reached())
    })
    const { port } = new URL(base)
    const client = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'content-length': '5000' } })
    client.on('error', () => {})
    client.write('{"operation":')
    await arrived
    client.destroy()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(handler).not.toHaveBeenCalled()
    const after = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: putBody })
    expect(after.status).toBe(200)
  })
})
