import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { boundKey, destroyClients, errorOf, jsonRequest, makeHandler, multipartKeyFrom } from './helpers.js'

// Issue 12, finding 2: a replayed createMultipartUpload URL gives a second upload id for the
// same key; without an end to it, signParts + complete could replace the object's bytes
// long after the app read and trusted them. The creation time is bound into the key, and
// continuing an upload past `maxUploadAgeSeconds` is refused.

afterAll(destroyClients)
afterEach(() => {
  vi.useRealTimers()
})

const MiB = 1024 * 1024
const video = { name: 'video.mp4', size: 12 * MiB, type: 'video/mp4' }
const HOUR = 60 * 60
const start = new Date('2026-11-23T10:00:00Z')

function at(date: Date): void {
  vi.useFakeTimers({ now: date, toFake: ['Date'] })
}

function later(seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000)
}

const continuing = [
  (key: string) => ({ operation: 'signParts', key, uploadId: 'u-1', partNumbers: [1] }),
  (key: string) => ({ operation: 'listParts', key, uploadId: 'u-1' }),
  (key: string) => ({ operation: 'completeMultipartUpload', key, uploadId: 'u-1' }),
]

describe('maximum upload age', () => {
  it('continues an upload until 24 h after it started, by default, and refuses it after (410 UPLOAD_TOO_OLD)', async () => {
    at(start)
    const handler = makeHandler()
    const key = await multipartKeyFrom(handler, video)
    for (const body of continuing) {
      at(later(24 * HOUR))
      expect((await handler(jsonRequest(body(key)))).status).toBe(200)
      at(later(24 * HOUR + 1))
      const refused = await handler(jsonRequest(body(key)))
      expect(refused.status).toBe(410)
      expect(await errorOf(refused)).toEqual({ code: 'UPLOAD_TOO_OLD', message: expect.stringContaining('upload the file again') })
    }
  })

  it('still signs the abort of an old upload: cleaning up is always allowed', async () => {
    at(start)
    const handler = makeHandler()
    const key = await multipartKeyFrom(handler, video)
    at(later(30 * 24 * HOUR))
    expect((await handler(jsonRequest({ operation: 'abortMultipartUpload', key, uploadId: 'u-1' }))).status).toBe(200)
  })

  it('honours maxUploadAgeSeconds, and checks it at creation', async () => {
    at(start)
    const handler = makeHandler({ maxUploadAgeSeconds: HOUR })
    const key = await multipartKeyFrom(handler, video)
    at(later(HOUR + 1))
    expect((await errorOf(await handler(jsonRequest(continuing[0]!(key))))).code).toBe('UPLOAD_TOO_OLD')
    expect(() => makeHandler({ maxUploadAgeSeconds: 0 })).toThrow(/maxUploadAgeSeconds/)
    expect(() => makeHandler({ maxUploadAgeSeconds: 1.5 })).toThrow(/maxUploadAgeSeconds/)
  })

  it('refuses to continue a key without a creation time (made before the time was bound, or forged)', async () => {
    const untimed = 'uploads/0b7e7a4c-1111-4222-8333-444455556666-s12582912-p5242880/video.mp4'
    const handler = makeHandler()
    for (const body of continuing) {
      const response = await handler(jsonRequest(body(untimed)))
      expect(response.status).toBe(400)
      expect((await errorOf(response)).code).toBe('PART_SIZE_REQUIRED')
    }
  })

  it('reads the time from the key: a key claiming an old time is refused whatever else it says', async () => {
    const old = boundKey('uploads/', 'video.mp4', { size: 12 * MiB, partSize: 5 * MiB }, Math.floor(Date.now() / 1000) - 25 * HOUR)
    expect((await errorOf(await makeHandler()(jsonRequest(continuing[0]!(old))))).code).toBe('UPLOAD_TOO_OLD')
  })
})
