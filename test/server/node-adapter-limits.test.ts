import { createServer, type RequestListener, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { toNodeHandler } from '../../src/server/index.js'
import { destroyClients, makeHandler } from './helpers.js'

// Issue 12, finding 7: the Node adapter's answers to oversized and slow bodies.

afterAll(destroyClients)

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function listen(listener: RequestListener): Promise<number> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

const HEAD = 'POST /api/s3 HTTP/1.1\r\nHost: app.test\r\nContent-Type: application/json\r\n'

/**
 * Sends a chunked body of `totalBytes` as fast as the socket takes it, and only then reads
 * the answer, as many HTTP clients do; gives back everything read before the connection
 * ended. A server that closes while the body is still arriving resets the connection,
 * and the client never reads the answer it was sent.
 */
function sendChunked(port: number, totalBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    let sent = 0
    const chunk = Buffer.alloc(64 * 1024, 32)
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
    const pump = () => {
      while (sent < totalBytes && !socket.destroyed) {
        sent += chunk.length
        if (!socket.write(frame)) return void socket.once('drain', pump)
      }
      if (!socket.destroyed) socket.write('0\r\n\r\n', () => socket.resume())
    }
    socket.pause()
    socket.on('connect', () => {
      socket.write(`${HEAD}Transfer-Encoding: chunked\r\n\r\n`)
      pump()
    })
    socket.on('data', (data: Buffer) => {
      received.push(data)
      // The answer is complete once its JSON body is: nothing more to wait for.
      if (Buffer.concat(received).toString('latin1').includes('}}')) socket.destroy()
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')))
  })
}

describe('an oversized chunked body', () => {
  it('always gets its 413, never a reset in its place (no EPIPE race)', async () => {
    const port = await listen(toNodeHandler(makeHandler({ maxRequestBytes: 1024 })))
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const answer = await sendChunked(port, 4 * 1024 * 1024)
      expect(answer.split('\r\n')[0], `attempt ${attempt}`).toBe('HTTP/1.1 413 Payload Too Large')
      expect(answer).toContain('REQUEST_TOO_LARGE')
    }
  })
})

/** Sends the headers and the first bytes of a body, then nothing: the answer the server gives unprompted. */
function sendPartial(port: number, declared: number, first: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${HEAD}Content-Length: ${declared}\r\n\r\n${first}`))
    const received: Buffer[] = []
    socket.on('data', (data: Buffer) => received.push(data))
    socket.on('error', () => {})
    socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')))
  })
}

describe('a body that never finishes arriving', () => {
  it('is answered 408 REQUEST_TIMEOUT after bodyTimeoutMs, and the connection closes', async () => {
    const port = await listen(toNodeHandler(makeHandler(), { bodyTimeoutMs: 50 }))
    // Resolves only once the server closes the connection: with Node's defaults alone, after 300 s.
    const answer = await sendPartial(port, 5000, '{"operation":')
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"')
  })

  it('checks bodyTimeoutMs', () => {
    expect(() => toNodeHandler(makeHandler(), { bodyTimeoutMs: 0 })).toThrow(/bodyTimeoutMs/)
  })
})
