import { afterEach, expect, it, vi } from 'vitest'
import { systemClock } from '../../../src/core/clock.js'
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

it('changes Uppy\'s files map once per file over a whole upload: its own copy on each success, nothing of ours', async () => {
  const fake = mockS3()
  const controller = new UploadController({ endpoint: ENDPOINT, transport: fake.transport })
  let copies = 0
  controller.uppy.store.subscribe((previous, next) => {
    if (previous.files !== next.files) copies += 1
  })
  const done = new Promise<void>((resolve) => controller.uppy.on('complete', () => resolve()))
  controller.addFiles(files(300))
  await done
  expect(controller.getSnapshot().counts.complete).toBe(300)
  // At most: one for the add, one per start slice of at most 200, one per success (Uppy's, transloadit/uppy#4402;
  // batch-file-patches.ts folds a burst of them into one).
  expect(copies).toBeLessThanOrEqual(1 + 2 + 300)
  controller.destroy()
}, 30_000)

it('emits the successes one confirm reply settles a budget\'s worth per task, not all in the task of the reply', async () => {
  const fake = mockS3()
  // Each reading of the clock 5 ms later: two successes fit in a task's 8 ms.
  let skew = 0
  const clock = { ...systemClock, now: () => Date.now() + (skew += 5) }
  const controller = new UploadController({ endpoint: ENDPOINT, transport: fake.transport, checksum: false, clock })
  // Tasks counted by a timer that runs between them.
  let task = 0
  let ticking = true
  const tick = () => {
    task += 1
    if (ticking) setTimeout(tick, 0)
  }
  tick()
  const perTask = new Map<number, number>()
  controller.uppy.on('upload-success', () => perTask.set(task, (perTask.get(task) ?? 0) + 1))
  const done = new Promise<void>((resolve) => controller.uppy.on('complete', () => resolve()))
  controller.addFiles(files(60))
  await done
  ticking = false
  expect(controller.getSnapshot().counts.complete).toBe(60)
  expect([...perTask.values()].reduce((sum, count) => sum + count, 0)).toBe(60)
  expect(Math.max(...perTask.values())).toBeLessThanOrEqual(2)
  controller.destroy()
}, 30_000)
