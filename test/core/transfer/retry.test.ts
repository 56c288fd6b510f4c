import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { describeError, EndpointError, StorageError } from '../../../src/core/errors.js'
import type { SignedRequest } from '../../../src/protocol/messages.js'
import { backoffDelay, callWithRetry, judgeFailure, resolveRetryOptions } from '../../../src/core/transfer/retry.js'

const options = resolveRetryOptions({ attempts: 4, baseDelayMs: 1000, maxDelayMs: 8000 })
const http = (status: number, storageCode?: string) =>
  new StorageError('STORAGE_HTTP_ERROR', `refused (${status})`, { status, storageCode })
const network = () => new StorageError('STORAGE_NETWORK_ERROR', 'dropped')

function signedFor(lifetimeMs: number): SignedRequest {
  return { method: 'PUT', url: 'https://s3.test/k', headers: {}, expiresAt: new Date(Date.now() + lifetimeMs).toISOString() }
}

/** A call whose sends fail with `failures` in order, then succeed. */
function scripted(failures: unknown[], lifetimeMs = 60_000) {
  const sign = vi.fn(async (_fresh: boolean) => signedFor(lifetimeMs))
  const send = vi.fn(async () => {
    const failure = failures.shift()
    if (failure) throw failure
    return 'ok'
  })
  return { sign, send }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('callWithRetry', () => {
  it('backs off on 503 SlowDown and 5xx, reusing the signed URL, then succeeds', async () => {
    const call = scripted([http(503, 'SlowDown'), http(500)])
    const done = callWithRetry(call, options, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(0)
    expect(call.send).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(499)
    expect(call.send).toHaveBeenCalledTimes(1) // the first backoff is at least half of 1000 ms
    await vi.advanceTimersByTimeAsync(501 + 2000)
    await expect(done).resolves.toBe('ok')
    expect(call.send).toHaveBeenCalledTimes(3)
    expect(call.sign.mock.calls.map(([fresh]) => fresh)).toEqual([false, false, false])
  })

  it('re-signs at once after a 403 (an expired URL) and succeeds', async () => {
    const call = scripted([http(403, 'AccessDenied')])
    const done = callWithRetry(call, options, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(0)
    await expect(done).resolves.toBe('ok')
    expect(call.sign.mock.calls.map(([fresh]) => fresh)).toEqual([false, true])
  })

  it('reports an opaque failure after the URL expired as STORAGE_URL_EXPIRED once attempts run out', async () => {
    const call = scripted([network(), network(), network(), network()], -1)
    const done = callWithRetry(call, options, new AbortController().signal)
    const settled = expect(done).rejects.toMatchObject({ code: 'STORAGE_URL_EXPIRED' })
    await vi.advanceTimersByTimeAsync(0)
    await settled
    expect(call.send).toHaveBeenCalledTimes(4)
    expect(call.sign.mock.calls.map(([fresh]) => fresh)).toEqual([false, true, true, true])
  })

  it('retries a dropped connection on a live URL without re-signing (same key, no duplicate object)', async () => {
    const call = scripted([network()])
    const done = callWithRetry(call, options, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(1000)
    await expect(done).resolves.toBe('ok')
    expect(call.sign.mock.calls.map(([fresh]) => fresh)).toEqual([false, false])
  })

  it('gives up at once on a refusal that will not change, such as 400 EntityTooSmall', async () => {
    const call = scripted([http(400, 'EntityTooSmall')])
    await expect(callWithRetry(call, options, new AbortController().signal)).rejects.toMatchObject({
      code: 'STORAGE_HTTP_ERROR',
      storageCode: 'EntityTooSmall',
    })
    expect(call.send).toHaveBeenCalledTimes(1)
  })

  it('stops after the configured attempts with a typed error naming them', async () => {
    const call = scripted(Array.from({ length: 10 }, () => http(502)))
    const done = callWithRetry(call, options, new AbortController().signal)
    const settled = done.catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(60_000)
    const error = await settled
    expect(error).toMatchObject({ status: 502, attempts: 4 })
    expect(describeError(error as StorageError)).toMatch(/502.*after 4 attempts/)
    expect(call.send).toHaveBeenCalledTimes(4)
  })

  it('treats three 403s in a row as a real refusal', async () => {
    const call = scripted([http(403), http(403), http(403), http(403)])
    await expect(callWithRetry(call, options, new AbortController().signal)).rejects.toMatchObject({ status: 403 })
    expect(call.send).toHaveBeenCalledTimes(3)
  })

  it('retries an unreachable endpoint but not its refusals', async () => {
    let signs = 0
    const unreachable = {
      sign: async () => {
        signs += 1
        if (signs === 1) throw new EndpointError('ENDPOINT_UNREACHABLE', 'offline')
        return signedFor(60_000)
      },
      send: async () => 'ok',
    }
    const done = callWithRetry(unreachable, options, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(1000)
    await expect(done).resolves.toBe('ok')
    const refused = { sign: async () => Promise.reject(new EndpointError('ENDPOINT_REJECTED', 'no')), send: async () => 'ok' }
    await expect(callWithRetry(refused, options, new AbortController().signal)).rejects.toMatchObject({ code: 'ENDPOINT_REJECTED' })
  })

  it('stops at once, mid-backoff, when aborted', async () => {
    const call = scripted([http(503), http(503)])
    const controller = new AbortController()
    const done = callWithRetry(call, options, controller.signal)
    const settled = expect(done).rejects.toBe('paused')
    await vi.advanceTimersByTimeAsync(10)
    controller.abort('paused')
    await settled
    expect(call.send).toHaveBeenCalledTimes(1)
  })
})

describe('judgeFailure', () => {
  const now = 1_000_000
  const expiringAt = (at: number): SignedRequest => ({ method: 'PUT', url: 'https://s3.test/k', headers: {}, expiresAt: new Date(at).toISOString() })

  it('calls an opaque failure after the URL expired an expiry', () => {
    const { error } = judgeFailure(new StorageError('STORAGE_NETWORK_ERROR', 'Failed to fetch'), expiringAt(now - 1), now)
    expect(error).toMatchObject({ code: 'STORAGE_URL_EXPIRED' })
  })

  it('calls a 403 after expiry an expiry', () => {
    const { error } = judgeFailure(http(403, 'AccessDenied'), expiringAt(now - 1), now)
    expect(error).toMatchObject({ code: 'STORAGE_URL_EXPIRED', status: 403 })
  })

  it('calls an opaque failure before expiry a network error', () => {
    const { error } = judgeFailure(new StorageError('STORAGE_NETWORK_ERROR', 'Failed to fetch'), expiringAt(now + 60_000), now)
    expect(error).toMatchObject({ code: 'STORAGE_NETWORK_ERROR' })
  })
})

describe('retryDelay', () => {
  it('replaces the default backoff and is asked with the failed attempt and its error', async () => {
    const retryDelay = vi.fn((attempt: number) => attempt * 100)
    const call = scripted([http(503), http(500)])
    const done = callWithRetry(call, resolveRetryOptions({ attempts: 4, retryDelay }), new AbortController().signal)
    await vi.advanceTimersByTimeAsync(99)
    expect(call.send).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1 + 200)
    await expect(done).resolves.toBe('ok')
    expect(retryDelay.mock.calls).toEqual([
      [1, expect.objectContaining({ status: 503 })],
      [2, expect.objectContaining({ status: 500 })],
    ])
  })
})

describe('backoffDelay', () => {
  it('doubles from the base, keeps at least half of each step, and is capped', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(500)
    expect(backoffDelay(1, options, () => 1)).toBe(1000)
    expect(backoffDelay(3, options, () => 0)).toBe(2000)
    expect(backoffDelay(20, options, () => 1)).toBe(8000)
  })
})
