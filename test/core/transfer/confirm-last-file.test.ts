import { afterEach, expect, it, vi } from 'vitest'
import { Limiter } from '../../../src/core/transfer/request-limiter.js'
import { SigningCache } from '../../../src/core/transfer/upload-url-cache.js'
import { UploadController } from '../../../src/core/upload-controller.js'
import { ENDPOINT, mockS3, useMockS3Server } from './mock-s3.js'

// A confirm waits for company while other files upload (CONFIRM_WINDOW_MS in batching-endpoint-client.ts);
// the last file's goes at once: nothing would come to take it along, and waiting would only delay the end.
useMockS3Server()
afterEach(() => vi.restoreAllMocks())

/** Each confirm asked for and each flush, in order. */
function recordConfirms() {
  const events: string[] = []
  const sign = SigningCache.prototype.sign
  vi.spyOn(SigningCache.prototype, 'sign').mockImplementation(function (this: SigningCache, request, signal) {
    if (request.operation === 'confirmUpload') events.push(`confirm ${request.key.split('/').at(-1)}`)
    return sign.call(this, request, signal)
  } as SigningCache['sign'])
  const flush = SigningCache.prototype.flush
  vi.spyOn(SigningCache.prototype, 'flush').mockImplementation(function (this: SigningCache) {
    events.push('flush')
    flush.call(this)
  })
  return events
}

it.each([1, 6])('flushes only the confirm of the file that lands last (%i at a time)', async (concurrency) => {
  const fake = mockS3()
  const events = recordConfirms()
  const controller = new UploadController({ endpoint: ENDPOINT, transport: fake.transport, checksum: false, concurrency })
  const done = new Promise<void>((resolve) => controller.uppy.on('complete', () => resolve()))
  controller.addFiles(['a', 'b', 'c'].map((name) => new File([name], `${name}.txt`, { type: 'text/plain' })))
  await done
  expect(controller.getSnapshot().counts.complete).toBe(3)
  expect(events.filter((event) => event.startsWith('confirm'))).toHaveLength(3)
  expect(events.filter((event) => event === 'flush')).toHaveLength(1)
  expect(events.at(-1)).toBe('flush')
  controller.destroy()
}, 30_000)

it('a Limiter is idle with every slot free and nobody waiting', async () => {
  const limiter = new Limiter(2)
  expect(limiter.idle).toBe(true)
  await limiter.acquire()
  expect(limiter.idle).toBe(false)
  await limiter.acquire()
  const third = limiter.acquire()
  limiter.release()
  await third
  limiter.release()
  expect(limiter.idle).toBe(false)
  limiter.release()
  expect(limiter.idle).toBe(true)
})
