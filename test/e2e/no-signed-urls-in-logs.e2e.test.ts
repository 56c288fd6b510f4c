import { randomBytes } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PutObjectReply } from '../../src/protocol/messages.js'
import { startE2eApp, type AppServer } from './support/app.js'
import { launchChromium } from './support/browser.js'

// Signed URLs are bearer credentials until they expire: the library must never
// print one. Everything written to the console or to stdout/stderr, on the
// server and in the page, is captured through full uploads (single PUT,
// multipart, a refused request, a store refusal, a handler crash) and searched.
const SIGNED_URL = /X-Amz-(?:Signature|Credential)/i

type Handler = (request: Request) => Promise<Response>

const captured: string[] = []
let browser: Browser
let app: AppServer
const restore: Array<() => void> = []

function captureServerOutput(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg))).join(' '))
    })
    restore.push(() => spy.mockRestore())
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream)
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      return write(chunk, ...rest)
    }) as typeof stream.write
    restore.push(() => {
      stream.write = write
    })
  }
}

/** Breaks one named upload at the store (bad signature) and crashes the handler for another. */
function sabotage(handler: Handler): Handler {
  return async (request) => {
    const body = (await request.clone().json().catch(() => ({}))) as { file?: { name?: string } }
    if (body.file?.name === 'crash.txt') throw new Error('handler crashed while signing')
    const response = await handler(request)
    if (body.file?.name !== 'tampered.txt' || !response.ok) return response
    const reply = (await response.json()) as PutObjectReply
    const url = reply.url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000')
    return Response.json({ ...reply, url }, { headers: { 'cache-control': 'no-store' } })
  }
}

beforeAll(async () => {
  browser = await launchChromium()
  app = await startE2eApp({ wrapHandler: sabotage })
  captureServerOutput()
})
afterAll(async () => {
  restore.splice(0).forEach((undo) => undo())
  await browser?.close()
  await app?.close()
})

describe('no signed URL is ever logged', () => {
  it('through uploads that succeed, are refused and crash', async () => {
    const page = await browser.newPage()
    // What page code writes to the console. (Not page.on('console'): Chromium itself reports
    // a failed cross-origin request with its URL in DevTools, which no library can prevent.)
    await page.addInitScript(() => {
      const logs: string[] = []
      Object.assign(window, { pageLogs: logs })
      for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
        const original = console[method].bind(console)
        console[method] = (...args: unknown[]) => {
          logs.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg))).join(' '))
          original(...args)
        }
      }
    })
    page.on('pageerror', (error) => captured.push(`[page error] ${error.message}\n${error.stack}`))
    // Two parts: 5 MiB, then 1 MiB + 7 bytes.
    // One signing request per file, so the sabotage below can pick files by name.
    await page.goto(`${app.url}/?multipartThreshold=${5 * 1024 * 1024}&partSize=${5 * 1024 * 1024}&signingWindowMs=0`)
    await page.getByLabel('Files to upload').setInputFiles([
      { name: 'small.txt', mimeType: 'text/plain', buffer: Buffer.from('small') },
      { name: 'parts.bin', mimeType: 'application/octet-stream', buffer: randomBytes(6 * 1024 * 1024 + 7) },
      { name: 'tampered.txt', mimeType: 'text/plain', buffer: Buffer.from('tampered') },
      { name: 'crash.txt', mimeType: 'text/plain', buffer: Buffer.from('crash') },
    ])
    await page.getByRole('status').filter({ hasText: /2 of 4 files uploaded\. 2 failed/ }).waitFor({ timeout: 60_000 })
    const { completed, errors } = await page.evaluate(() => window.recorded)
    expect(completed.flat().map((file) => file.name).sort()).toEqual(['parts.bin', 'small.txt'])
    // The browser declared Uppy's real part size: the parts were signed with exact lengths and accepted.
    const multipart = completed.flat().find((file) => file.name === 'parts.bin')
    expect(multipart?.key).toMatch(new RegExp(`^uploads/[0-9a-f-]{36}-s${6 * 1024 * 1024 + 7}-p${5 * 1024 * 1024}-t\\d+/parts\\.bin$`))
    expect(errors.map((error) => error.file).sort()).toEqual(['crash.txt', 'tampered.txt'])
    const pageLogs = await page.evaluate(() => (window as unknown as { pageLogs: string[] }).pageLogs)
    captured.push(...pageLogs.map((text) => `[page] ${text}`))
    await page.close()

    // The capture works: the handler's crash was reported (by the default onError) and caught here.
    expect(captured.join('\n')).toContain('handler crashed while signing')
    const leaks = captured.filter((text) => SIGNED_URL.test(text))
    expect(leaks).toEqual([])
  })
})
