import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { UploadController } from '../../src/core/upload-controller.js'

beforeEach(() => {
  // Date too: the adder checks files while under a time budget, and 200 must fit in one task here.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

const files = (count: number) =>
  Array.from({ length: count }, (_, index) => new File([`file ${index}`], `f${index}.txt`, { type: 'text/plain' }))

it('publishes once for a batch of added files, throttles progress, and publishes failures at once', () => {
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false })
  const listener = vi.fn()
  controller.subscribe(listener)

  controller.addFiles(files(200))
  expect(listener).toHaveBeenCalledTimes(1)
  expect(controller.getSnapshot().files).toHaveLength(200)

  const uppy = controller.uppy
  const [first] = uppy.getFiles()
  for (let bytes = 1; bytes <= 300; bytes++) {
    const file = uppy.getFile(first!.id)
    uppy.setFileState(file.id, { progress: { ...file.progress, uploadStarted: 1, bytesUploaded: bytes % 7 } })
  }
  expect(listener).toHaveBeenCalledTimes(1)
  vi.advanceTimersByTime(100)
  expect(listener).toHaveBeenCalledTimes(2)
  expect(controller.getSnapshot().files[0]).toMatchObject({ status: 'uploading', bytesUploaded: 300 % 7 })

  uppy.emit('upload-error', uppy.getFile(first!.id), new Error('connection reset'))
  expect(listener).toHaveBeenCalledTimes(3)
  expect(controller.getSnapshot().files[0]!.status).toBe('error')
  controller.destroy()
})

it('keeps refused files out of Uppy, with a typed error', () => {
  const onRestrictionFailed = vi.fn()
  const controller = new UploadController({
    endpoint: '/api/s3',
    autoUpload: false,
    restrictions: { maxNumberOfFiles: 2, maxFileSize: 6 },
    onRestrictionFailed,
  })
  controller.addFiles([new File(['1'], 'a.txt'), new File(['too large'], 'big.txt'), new File(['2'], 'b.txt'), new File(['3'], 'c.txt')])
  const snapshot = controller.getSnapshot()
  expect(snapshot.files.map((file) => file.name)).toEqual(['a.txt', 'b.txt'])
  expect(snapshot.rejected.map((file) => [file.name, file.error.code])).toEqual([
    ['big.txt', 'FILE_TOO_LARGE'],
    ['c.txt', 'TOO_MANY_FILES'],
  ])
  expect(onRestrictionFailed.mock.calls.map(([error]) => [error.code, error.limit, error.message])).toEqual([
    ['FILE_TOO_LARGE', 6, 'big.txt: This file is 9 B; files may be at most 6 B.'],
    ['TOO_MANY_FILES', 2, 'c.txt: At most 2 files can be added.'],
  ])
  controller.dismissRejected(snapshot.rejected[0]!.id)
  expect(controller.getSnapshot().rejected.map((file) => file.name)).toEqual(['c.txt'])
  controller.destroy()
})
