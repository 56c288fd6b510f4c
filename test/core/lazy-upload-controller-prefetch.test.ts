import { expect, it, vi } from 'vitest'
import { LazyUploadController, type LoadController } from '../../src/core/lazy-upload-controller.js'
import { UploadController } from '../../src/core/upload-controller.js'

// `prefetch()` (what <S3Uploader> calls on intent, or when idle) fetches the code ahead of the
// first file: once however often it is asked, shared with a file added meanwhile, and a failure
// is no error until a file needs the code.
const file = (name: string) => new File([name], name, { type: 'text/plain' })
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
const offline = () => new TypeError('Failed to fetch dynamically imported module')

/** A load the test settles, and a controller class that counts what the lazy one does with it. */
function heldLoad() {
  const constructed = vi.fn()
  const preload = vi.fn()
  class Counted extends UploadController {
    constructor(...args: ConstructorParameters<typeof UploadController>) {
      super(...args)
      constructed()
    }
    static override preload = preload
  }
  let arrive: () => void = () => {}
  let fail: (cause: unknown) => void = () => {}
  const load = vi.fn<LoadController>(
    () =>
      new Promise((resolve, reject) => {
        arrive = () => resolve({ UploadController: Counted })
        fail = reject
      }),
  )
  return { load, constructed, preload, arrive: () => arrive(), fail: (cause: unknown) => fail(cause) }
}

it('loads the code once however often it is asked, builds nothing, and fetches the chunks the options need', async () => {
  const held = heldLoad()
  const options = { endpoint: '/api/s3', autoUpload: false }
  const lazy = new LazyUploadController(options, held.load)
  lazy.prefetch()
  lazy.prefetch()
  expect(held.load).toHaveBeenCalledTimes(1)
  held.arrive()
  await settle()
  lazy.prefetch()
  expect(held.load).toHaveBeenCalledTimes(1)
  expect(held.preload).toHaveBeenCalledTimes(1)
  expect(held.preload).toHaveBeenCalledWith(options)
  expect(held.constructed).not.toHaveBeenCalled()
  expect(lazy.getSnapshot().files).toHaveLength(0)
  lazy.destroy()
})

it('a file added while the prefetch is on its way waits for that load, not a second one', async () => {
  const held = heldLoad()
  const lazy = new LazyUploadController({ endpoint: '/api/s3', autoUpload: false }, held.load)
  lazy.prefetch()
  lazy.addFiles([file('a.txt')])
  expect(held.load).toHaveBeenCalledTimes(1)
  held.arrive()
  await settle()
  expect(held.constructed).toHaveBeenCalledTimes(1)
  expect(lazy.getSnapshot().files.map((entry) => [entry.name, entry.status])).toEqual([['a.txt', 'pending']])
  lazy.destroy()
})

it('a failed prefetch is no error: the first file loads the code again, and its failure shows as before', async () => {
  const onError = vi.fn()
  const load = vi.fn<LoadController>(() => Promise.reject(offline()))
  const lazy = new LazyUploadController({ endpoint: '/api/s3', autoUpload: false, onError }, load)
  lazy.prefetch()
  await settle()
  expect(onError).not.toHaveBeenCalled()
  expect(lazy.getSnapshot().status).toBe('idle')
  expect(lazy.getSnapshot().files).toHaveLength(0)

  lazy.addFiles([file('a.txt')])
  await settle()
  expect(load).toHaveBeenCalledTimes(2)
  expect(lazy.getSnapshot().files.map((entry) => [entry.name, entry.status, entry.error?.code])).toEqual([['a.txt', 'error', 'UPLOADER_NOT_LOADED']])
  expect(onError).toHaveBeenCalledTimes(1)
  lazy.destroy()
})

it('after a failed prefetch, the code that does arrive with the first file is used', async () => {
  let attempt = 0
  const load: LoadController = () => (++attempt === 1 ? Promise.reject(offline()) : Promise.resolve({ UploadController }))
  const lazy = new LazyUploadController({ endpoint: '/api/s3', autoUpload: false }, load)
  lazy.prefetch()
  await settle()
  lazy.addFiles([file('a.txt')])
  await settle()
  expect(attempt).toBe(2)
  expect(lazy.getSnapshot().files.map((entry) => [entry.name, entry.status])).toEqual([['a.txt', 'pending']])
  lazy.destroy()
})

it('a prefetch that fails while a file waits on it fails that file, and Retry loads the code again', async () => {
  const held = heldLoad()
  const lazy = new LazyUploadController({ endpoint: '/api/s3', autoUpload: false }, held.load)
  lazy.prefetch()
  lazy.addFiles([file('a.txt')])
  held.fail(offline())
  await settle()
  const [failed] = lazy.getSnapshot().files
  expect(failed?.error?.code).toBe('UPLOADER_NOT_LOADED')

  lazy.retry(failed!.id)
  expect(held.load).toHaveBeenCalledTimes(2)
  held.arrive()
  await settle()
  expect(lazy.getSnapshot().files.map((entry) => [entry.name, entry.status])).toEqual([['a.txt', 'pending']])
  lazy.destroy()
})

it('asks for nothing once destroyed', () => {
  const held = heldLoad()
  const lazy = new LazyUploadController({ endpoint: '/api/s3' }, held.load)
  lazy.destroy()
  lazy.prefetch()
  expect(held.load).not.toHaveBeenCalled()
})
