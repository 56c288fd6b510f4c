import { delay, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { systemClock } from '../../../src/core/clock.js'
import { createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import { createMd5Hasher } from '../../../src/core/hashing/md5-hasher.js'
import { Limiter } from '../../../src/core/transfer/request-limiter.js'
import { resolveRetryOptions } from '../../../src/core/transfer/retry.js'
import type { StorageTransport } from '../../../src/core/transfer/storage-transport.js'
import type { TransferContext } from '../../../src/core/transfer/transfer-context.js'
import { SigningCache } from '../../../src/core/transfer/upload-url-cache.js'
import { createMockStorage } from '../../../src/testing/index.js'
import * as StorageFailure from '../../../src/core/transfer/storage-failures.js'

/** The transfer tests' store: the library's own createMockStorage behind MSW in Node. */
export const ENDPOINT = 'https://app.test/api/s3'
const server = setupServer()

/** Call once per test file: MSW's server lifecycle around its tests. */
export function useMockS3Server(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
}

/** Node has no XMLHttpRequest: the same contract over fetch, reporting a body's progress once it is sent. */
const fetchTransport: StorageTransport = async (request) => {
  const { signal } = request
  let response: Response
  try {
    response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal })
  } catch (error) {
    throw signal.aborted ? signal.reason : StorageFailure.network(error)
  }
  const body = request.body
  if (body !== undefined) request.onProgress?.(typeof body === 'string' ? body.length : body.size)
  const text = await response.text()
  return { status: response.status, header: (name) => response.headers.get(name), text }
}

/** What a test may answer a store request with instead of the mock: a response, or undefined to go on. */
export type Inject = (request: Request, url: URL) => Response | undefined

/**
 * createMockStorage behind a transfer context: it logs the store requests sent, counts the most in
 * flight at once, and lets a test inject failures per request (each takes 5 ms, so requests overlap).
 */
export function mockS3() {
  const sent: Array<{ method: string; url: string }> = []
  /** The body of each HTTP request to the endpoint, in order (a batch is one body). */
  const endpointBodies: Array<{ operation: string; requests?: Array<{ operation: string }> }> = []
  let inject: Inject = () => undefined
  let inFlight = 0
  let maxInFlight = 0
  const storage = createMockStorage({
    endpoint: ENDPOINT,
    fault: async (call, request) => {
      if (call === 'sign') {
        endpointBodies.push(await request.clone().json())
        return undefined
      }
      sent.push({ method: request.method, url: request.url })
      await delay(5)
      const injected = inject(request, new URL(request.url))
      // The client gave up on this request (an abort in `inject`): it never lands.
      return injected ?? (request.signal.aborted ? HttpResponse.error() : undefined)
    },
  })
  server.resetHandlers(...storage.handlers)
  const transport: StorageTransport = async (request) => {
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    try {
      return await fetchTransport(request)
    } finally {
      inFlight -= 1
    }
  }
  const context = (overrides: Partial<TransferContext> = {}): TransferContext => ({
    cache: new SigningCache(createBatchingClient({ endpoint: ENDPOINT }), 32),
    transport,
    retry: resolveRetryOptions({ baseDelayMs: 1, maxDelayMs: 5 }),
    checksum: true,
    confirm: true,
    requests: new Limiter(6),
    clock: systemClock,
    // Node has no Worker: the hasher runs on the main thread, as in SSR or under a strict CSP.
    hasher: createMd5Hasher(),
    ...overrides,
  })
  const bytesOf = (key: string) => Buffer.from(storage.objects.get(key)!.body)
  return {
    storage,
    transport,
    sent,
    endpointBodies,
    bytesOf,
    context,
    get maxInFlight() {
      return maxInFlight
    },
    setInject(fn: Inject) {
      inject = fn
    },
  }
}

