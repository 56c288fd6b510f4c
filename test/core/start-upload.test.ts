import Uppy from '@uppy/core'
import { afterEach, expect, it, vi } from 'vitest'
import { UploadController } from '../../src/core/upload-controller.js'
import type { UploadedFile } from '../../src/core/upload-state.js'
import { ENDPOINT, mockS3, useMockS3Server } from './transfer/mock-s3.js'

useMockS3Server()
afterEach(() => vi.restoreAllMocks())

const files = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => new File([`file ${from + index}`], `f${from + index}.txt`, { type: 'text/plain' }))

function uploader(options: { autoUpload?: boolean } = {}) {
  const fake = mockS3()
  const landed: UploadedFile[][] = []
  const controller = new UploadController({
    endpoint: ENDPOINT,
    transport: fake.transport,
    checksum: false,
    onUploadComplete: (batch) => landed.push(batch),
    ...options,
  })
  const completes: number[] = []
  controller.uppy.on('complete', (result) => completes.push(result.successful?.length ?? 0))
  const uploads: number[] = []
  controller.uppy.on('upload', (_id, started) => uploads.push(started.length))
  return { fake, controller, landed, completes, uploads }
}

it('starts every waiting file in one Uppy upload without `uppy.upload()`, and reports each file once', async () => {
  const upload = vi.spyOn(Uppy.prototype, 'upload')
  const { fake, controller, landed, completes, uploads } = uploader()
  controller.addFiles(files(300))
  await vi.waitFor(() => expect(completes).toEqual([300]), { timeout: 20_000 })
  expect(uploads).toEqual([300])
  expect(landed.map((batch) => batch.length)).toEqual([300])
  expect(new Set(landed[0]!.map((file) => file.id)).size).toBe(300)
  expect(fake.storage.objects.size).toBe(300)
  expect(controller.getSnapshot().counts.complete).toBe(300)
  // Its walk builds a RestrictionError per file in the list (10,000 files: one 94 ms task).
  expect(upload).not.toHaveBeenCalled()
  controller.destroy()
}, 30_000)

it('puts files added while an upload runs in an upload of their own: none twice, each reported once', async () => {
  const { fake, controller, landed, completes, uploads } = uploader()
  controller.addFiles(files(40))
  await vi.waitFor(() => expect(uploads).toHaveLength(1))
  controller.addFiles(files(40, 40))
  await vi.waitFor(() => expect(completes).toHaveLength(2), { timeout: 20_000 })
  expect(uploads).toEqual([40, 40])
  const ids = landed.flat().map((file) => file.id)
  expect(ids).toHaveLength(80)
  expect(new Set(ids).size).toBe(80)
  expect(fake.storage.signingRequests.filter((request) => request.operation === 'putObject')).toHaveLength(80)
  controller.destroy()
}, 30_000)

it('leaves the start to `uppy.upload()` when it does more: failed files to retry first, a host `onBeforeUpload`', async () => {
  const upload = vi.spyOn(Uppy.prototype, 'upload')
  const { controller } = uploader({ autoUpload: false })
  controller.addFiles(files(2))
  await vi.waitFor(() => expect(controller.uppy.getFiles()).toHaveLength(2))
  const onBeforeUpload = vi.fn((given) => given)
  controller.uppy.setOptions({ onBeforeUpload })
  await controller.upload()
  expect(onBeforeUpload).toHaveBeenCalledTimes(1)
  expect(upload).toHaveBeenCalledTimes(1)
  controller.destroy()

  const second = uploader({ autoUpload: false })
  second.controller.addFiles(files(2))
  // Files are checked within a time budget per task: on a busy machine the second may come a task later.
  await vi.waitFor(() => expect(second.controller.uppy.getFiles()).toHaveLength(2))
  const [failed] = second.controller.uppy.getFiles()
  second.controller.uppy.setFileState(failed!.id, { error: 'connection reset' })
  second.controller.addFiles(files(1, 2))
  await second.controller.upload()
  expect(upload).toHaveBeenCalledTimes(2)
  expect(second.fake.storage.objects.size).toBe(3) // the failed one retried, and the others
  second.controller.destroy()
}, 30_000)

it('marks files started slice by slice as their runs are set up, skipping a file removed before its slice', async () => {
  const { fake, controller, landed } = uploader()
  const slices: string[][] = []
  controller.uppy.on('upload-start', (started) => {
    slices.push(started.map((file) => file.id))
    if (slices.length === 1) controller.remove(controller.uppy.getFiles().at(-1)!.id)
  })
  controller.addFiles(files(500))
  await vi.waitFor(() => expect(landed).toHaveLength(1), { timeout: 30_000 })
  expect(slices.length).toBeGreaterThan(1)
  expect(Math.max(...slices.map((slice) => slice.length))).toBeLessThanOrEqual(200)
  const started = slices.flat()
  expect(started).toHaveLength(499)
  expect(new Set(started).size).toBe(499)
  expect(landed[0]).toHaveLength(499)
  expect(fake.storage.objects.size).toBe(499)
  controller.destroy()
}, 40_000)
