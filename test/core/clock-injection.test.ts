import { describe, expect, it, vi } from 'vitest'
import { StorageError } from '../../src/core/errors.js'
import { callWithRetry, resolveRetryOptions } from '../../src/core/transfer/retry.js'
import { UploadController } from '../../src/core/upload-controller.js'
import { manualClock } from './manual-clock.js'

// Every timer in core goes through the injected Clock: these tests use no fake timers,
// so a timer that bypassed it would never fire (or fire on its own) and fail them.
describe('the injected clock', () => {
  it('drives the controller: a released controller is destroyed on the clock, not by a global timer', () => {
    const { clock, advance } = manualClock()
    const controller = new UploadController({ endpoint: '/api/s3', clock })
    const release = controller.retain()
    expect(controller.uppy).toBeDefined()
    release()
    expect(controller.uppy).toBeDefined()
    advance(0)
    expect(() => controller.uppy).toThrow(/destroyed/)
  })

  it('drives retry backoff', async () => {
    const { clock, advance } = manualClock()
    const send = vi.fn(async () => {
      if (send.mock.calls.length === 1) throw new StorageError('STORAGE_HTTP_ERROR', 'busy', { status: 503 })
      return 'ok'
    })
    const sign = async () => ({ method: 'PUT' as const, url: 'https://s3.test/k', headers: {}, expiresAt: new Date(8.64e15).toISOString() })
    const options = resolveRetryOptions({ retryDelay: () => 1000 })
    const done = callWithRetry({ sign, send }, options, new AbortController().signal, clock)
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(1))
    advance(999)
    await Promise.resolve()
    expect(send).toHaveBeenCalledTimes(1)
    advance(1)
    await expect(done).resolves.toBe('ok')
    expect(send).toHaveBeenCalledTimes(2)
  })
})
