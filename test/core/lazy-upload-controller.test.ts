import { expect, it, vi } from 'vitest'
import { LazyUploadController, type LoadController } from '../../src/core/lazy-upload-controller.js'
import { UploadController } from '../../src/core/upload-controller.js'

const file = (name: string) => new File([name], name, { type: 'text/plain' })
const loadReal: LoadController = () => Promise.resolve({ UploadController })
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

it('loads nothing until a file is added, then shows the files through the real controller', async () => {
  const load = vi.fn(loadReal)
  const lazy = new LazyUploadController({ endpoint: '/api/s3', autoUpload: false }, load)
  const listener = vi.fn()
  lazy.subscribe(listener)
  lazy.pause('nothing-yet')
  lazy.cancelAll()
  expect(load).not.toHaveBeenCalled()
  expect(lazy.getSnapshot().files).toHaveLength(0)

  lazy.addFiles([file('a.txt')])
  lazy.addFiles([file('b.txt')])
  await settle()
  expect(load).toHaveBeenCalledTimes(1)
  expect(lazy.getSnapshot().files.map((entry) => entry.name)).toEqual(['a.txt', 'b.txt'])
  expect(listener).toHaveBeenCalled()

  const [first] = lazy.getSnapshot().files
  lazy.remove(first!.id)
  await settle()
  expect(lazy.getSnapshot().files.map((entry) => entry.name)).toEqual(['b.txt'])
  lazy.destroy()
})

it('shows the files as failed with UPLOADER_NOT_LOADED when the code does not arrive, and Retry loads it again', async () => {
  let attempt = 0
  const load: LoadController = () => (++attempt === 1 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : loadReal())
  const onError = vi.fn()
  const lazy = new LazyUploadController({ endpoint: '/api/s3', autoUpload: false, onError }, load)
  lazy.addFiles([file('a.txt'), file('b.txt')])
  await settle()

  const failed = lazy.getSnapshot()
  expect(failed.status).toBe('error')
  expect(failed.counts.error).toBe(2)
  expect(failed.files.map((entry) => [entry.name, entry.status, entry.error?.code])).toEqual([
    ['a.txt', 'error', 'UPLOADER_NOT_LOADED'],
    ['b.txt', 'error', 'UPLOADER_NOT_LOADED'],
  ])
  expect(onError).toHaveBeenCalledTimes(2)
  expect(onError.mock.calls[0]![0].cause).toBeInstanceOf(TypeError)

  lazy.remove(failed.files[1]!.id)
  expect(lazy.getSnapshot().files.map((entry) => entry.name)).toEqual(['a.txt'])

  lazy.retry(failed.files[0]!.id)
  await settle()
  expect(attempt).toBe(2)
  expect(lazy.getSnapshot().files.map((entry) => [entry.name, entry.status])).toEqual([['a.txt', 'pending']])
  lazy.destroy()
})

it('builds no controller when destroyed while its code loads', async () => {
  let arrive: (module: { UploadController: typeof UploadController }) => void = () => {}
  const constructed = vi.fn()
  class Counted extends UploadController {
    constructor(...args: ConstructorParameters<typeof UploadController>) {
      super(...args)
      constructed()
    }
  }
  const lazy = new LazyUploadController({ endpoint: '/api/s3', autoUpload: false }, () => new Promise((resolve) => (arrive = resolve)))
  lazy.addFiles([file('a.txt')])
  lazy.destroy()
  arrive({ UploadController: Counted })
  await settle()
  expect(constructed).not.toHaveBeenCalled()
  expect(lazy.getSnapshot().files).toHaveLength(0)
})
