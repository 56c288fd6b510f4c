import { afterEach, expect, it, vi } from 'vitest'
import { SigningCache } from '../../../src/core/transfer/upload-url-cache.js'
import { UploadController } from '../../../src/core/upload-controller.js'
import { ENDPOINT, mockS3, useMockS3Server } from './mock-s3.js'

useMockS3Server()
afterEach(() => vi.restoreAllMocks())

const files = (count: number) => Array.from({ length: count }, (_, index) => new File([`file ${index}`], `f${index}.txt`, { type: 'text/plain' }))

async function uploadAll(count: number) {
  const fake = mockS3()
  const hasPut = vi.spyOn(SigningCache.prototype, 'hasPut')
  const controller = new UploadController({ endpoint: ENDPOINT, transport: fake.transport, checksum: false })
  let progressEvents = 0
  controller.uppy.on('upload-progress', () => (progressEvents += 1))
  const done = new Promise<void>((resolve) => controller.uppy.on('complete', () => resolve()))
  controller.addFiles(files(count))
  await done
  const snapshot = controller.getSnapshot()
  controller.destroy()
  return { fake, hasPut: hasPut.mock.calls.length, progressEvents, snapshot }
}

it('starts n files in linear time: signing ahead looks at a few waiting files per start, not all of them', async () => {
  const { fake, hasPut, snapshot } = await uploadAll(400)
  expect(snapshot.counts.complete).toBe(400)
  expect(fake.storage.objects.size).toBe(400)
  expect(fake.storage.signingRequests.filter((request) => request.operation === 'putObject')).toHaveLength(400)
  // Filtering the whole waiting list on each start asked ~n²/2 = 80,000 times.
  expect(hasPut).toBeLessThan(400 * 20)
}, 30_000) // 400 whole uploads (sign, PUT, confirm) through MSW: seconds on a busy machine

it('sends Uppy no progress that changes nothing (each one copies its whole files map)', async () => {
  const { progressEvents, snapshot } = await uploadAll(200)
  expect(snapshot.counts.complete).toBe(200)
  // Each small file reported 0 bytes, then all of them, before its success: 400 events, where none show anything new.
  expect(progressEvents).toBeLessThan(200)
}, 30_000)

it('sends no progress for a file done in one step: its success says so, and each event copies the files map', async () => {
  const { progressEvents, snapshot } = await uploadAll(50)
  expect(snapshot.counts.complete).toBe(50)
  expect(snapshot.files.every((file) => file.progress === 1 && file.bytesUploaded === file.size)).toBe(true)
  expect(progressEvents).toBe(0)
}, 30_000)
