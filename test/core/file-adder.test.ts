import Uppy, { type Body, type Meta } from '@uppy/core'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import { FileAdder } from '../../src/core/file-adder.js'
import { Rejections } from '../../src/core/rejections.js'
import { UploadController } from '../../src/core/upload-controller.js'

beforeEach(() => {
  // Date too: files are checked while a task is under its time budget, and the clock stands still here.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const files = (count: number, size = 1) =>
  Array.from({ length: count }, (_, index) => new File(['x'.repeat(size)], `f${index}.txt`, { type: 'text/plain' }))

it('adds 10,000 files in one Uppy state update, checked over several tasks, with one publish', () => {
  const addFile = vi.spyOn(Uppy.prototype, 'addFile')
  const addFiles = vi.spyOn(Uppy.prototype, 'addFiles')
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false })
  const { uppy } = controller
  let fileStateUpdates = 0
  uppy.store.subscribe((previous, next) => {
    if (previous.files !== next.files) fileStateUpdates += 1
  })
  const batches: number[] = []
  uppy.on('files-added', (added) => batches.push(added.length))
  vi.runAllTimers() // the publish that installing the uploader plugin asked for
  const published = vi.fn()
  controller.subscribe(published)

  controller.addFiles(files(10_000))
  expect(uppy.getFiles()).toHaveLength(0) // checked 1000 per task: the page gets to run in between
  vi.runAllTimers()

  expect(uppy.getFiles()).toHaveLength(10_000)
  expect(fileStateUpdates).toBe(1)
  expect(batches).toEqual([10_000])
  expect(published).toHaveBeenCalledTimes(1)
  expect(controller.getSnapshot().files).toHaveLength(10_000)
  expect(addFile).not.toHaveBeenCalled() // one per file made adding n files take n² steps
  expect(addFiles).not.toHaveBeenCalled() // @uppy/core 6.3's copies the files map once per file, too
  controller.destroy()
})

it('adds a small batch before returning, as Uppy would have, ids and all', () => {
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false })
  const reference = new Uppy({ id: controller.uppy.getID() })
  const picked = files(3)
  controller.addFiles(picked)
  reference.addFiles(picked.map((data) => ({ name: data.name, type: data.type, data, source: 'react-presigned-s3' })))
  expect(controller.uppy.getFiles()).toEqual(reference.getFiles())
  controller.destroy()
  reference.destroy()
})

it('stops the first task at the time budget like the others, so a large pick never holds the page', () => {
  // Each reading of the clock 5 ms later: as if every file took 5 ms to check (the first read
  // of a picked file's size is a disk stat in Chromium). The budget is 10 ms a task.
  let now = 0
  const clock = { ...systemClock, now: () => (now += 5) }
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false, clock })
  const checked = vi.fn(() => true)
  controller.uppy.setOptions({ onBeforeFileAdded: checked })
  controller.addFiles(files(300))
  // The old first task checked 256 files whatever the clock said (51–77 ms in Chromium for 1000 files).
  // The deadline is read at 5 (15); the second file is checked at 10, the third would be at 15.
  expect(checked).toHaveBeenCalledTimes(2)
  vi.runAllTimers()
  expect(checked).toHaveBeenCalledTimes(300)
  expect(controller.uppy.getFiles()).toHaveLength(300)
  controller.destroy()
})

it('keeps the restriction rules file by file across slices: the first files that fit, refusals in order', () => {
  const onRestrictionFailed = vi.fn()
  const controller = new UploadController({
    endpoint: '/api/s3',
    autoUpload: false,
    restrictions: { maxNumberOfFiles: 1500, maxFileSize: 1 },
    onRestrictionFailed,
  })
  const batch = files(2000)
  batch.splice(10, 0, new File(['too large'], 'big.txt', { type: 'text/plain' }))
  batch.push(batch[0]!) // the same file twice
  controller.addFiles(batch)
  vi.runAllTimers()
  const snapshot = controller.getSnapshot()
  expect(snapshot.files).toHaveLength(1500)
  expect(snapshot.files.at(-1)!.name).toBe('f1499.txt')
  expect(snapshot.rejected.map((file) => file.error.code)).toEqual(['FILE_TOO_LARGE', ...Array(500).fill('TOO_MANY_FILES'), 'DUPLICATE_FILE'])
  expect(snapshot.rejected[1]!.name).toBe('f1500.txt')
  expect(onRestrictionFailed).toHaveBeenCalledTimes(502)
  controller.destroy()
})

it('keeps the view of a file that did not change, and makes a new one for the file that did', () => {
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false })
  controller.addFiles(files(3))
  const before = controller.getSnapshot().files
  const { uppy } = controller
  const second = uppy.getFiles()[1]!
  uppy.setFileState(second.id, { progress: { ...second.progress, uploadStarted: 1, bytesUploaded: 1 } })
  vi.runAllTimers()
  const after = controller.getSnapshot().files
  expect(after[0]).toBe(before[0])
  expect(after[2]).toBe(before[2])
  expect(after[1]).not.toBe(before[1])
  expect(after[1]).toMatchObject({ status: 'uploading', bytesUploaded: 1 })
  expect(controller.getSnapshot().counts).toEqual({ pending: 2, uploading: 1, 'waiting-for-network': 0, paused: 0, resumable: 0, complete: 0, error: 0 })
  controller.destroy()
})

it('leaves out a file that a host\'s onBeforeFileAdded throws on, and adds the others', () => {
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false })
  controller.uppy.setOptions({
    onBeforeFileAdded: (file) => {
      if (file.name === 'f1.txt') throw new Error('no')
      return true
    },
  })
  controller.addFiles(files(3))
  controller.addFiles(files(1).map((file) => new File([file], 'later.txt')))
  expect(controller.getSnapshot().files.map((file) => file.name)).toEqual(['f0.txt', 'f2.txt', 'later.txt'])
  controller.destroy()
})

it('hands over each accepted file in the slice that checked it, so its view is not made in the task of the state update', () => {
  const uppy = new Uppy<Meta, Body>({ restrictions: { maxFileSize: 1 } })
  const accepted: string[] = []
  const adder = new FileAdder(() => uppy, new Rejections(), () => ({ maxFileSize: 1 }), (commit) => commit(), () => {}, (file) => accepted.push(file.name!))
  const batch = files(3000)
  batch[1] = new File(['too large'], 'big.txt')
  adder.add(batch)
  // The first slice is checked: its files are handed over before any is in Uppy.
  expect(accepted.length).toBeGreaterThanOrEqual(15)
  expect(accepted).not.toContain('big.txt')
  expect(uppy.getFiles()).toHaveLength(0)
  vi.runAllTimers()
  expect(accepted).toHaveLength(2999)
  expect(uppy.getFiles().map((file) => file.name)).toEqual(accepted)
  uppy.destroy()
})
