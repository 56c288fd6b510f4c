// The uploader plugin's chunk loads lazily, with the first file (src/core/install-uploader.ts). When it
// cannot be fetched (offline, or a redeploy removed it), a controller that never uploads must leave no
// unhandled rejection (CI: file-adder tests ended before the chunk settled), and one that does upload
// shows the files as failed with UPLOADER_NOT_LOADED; Retry fetches the chunk again.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { UploadController } from '../../src/core/upload-controller.js'

const chunk = vi.hoisted(() => ({ fails: true, tries: 0 }))
vi.mock('../../src/core/transfer/create-transfer-plugin.js', async (importOriginal) => {
  chunk.tries += 1
  if (chunk.fails) throw new TypeError('Failed to fetch dynamically imported module')
  return importOriginal()
})

const file = (name: string) => new File([name], name, { type: 'text/plain' })
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))
const unhandled = vi.fn()

beforeEach(() => {
  chunk.fails = true
  chunk.tries = 0
  unhandled.mockClear()
  process.on('unhandledRejection', unhandled)
})
afterEach(() => {
  process.off('unhandledRejection', unhandled)
})

/** Until the chunk's load was tried, then a few tasks more for a rejection to go unhandled. */
async function afterFailedLoad() {
  await vi.waitFor(() => expect(chunk.tries).toBeGreaterThan(0))
  for (let task = 0; task < 5; task += 1) await tick()
}

it('leaves no unhandled rejection when autoUpload is off and nothing uploads', async () => {
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false })
  controller.addFiles([file('a.txt')])
  await afterFailedLoad()
  expect(unhandled).not.toHaveBeenCalled()
  expect(controller.getSnapshot().files.map((entry) => entry.status)).toEqual(['pending'])
  controller.destroy()
})

it('leaves no unhandled rejection when the controller is destroyed before the chunk settles', async () => {
  const onError = vi.fn()
  const controller = new UploadController({ endpoint: '/api/s3', onError })
  controller.addFiles([file('a.txt')])
  controller.destroy()
  await afterFailedLoad()
  expect(unhandled).not.toHaveBeenCalled()
  expect(onError).not.toHaveBeenCalled()
})

it('a later upload() shows the files as failed with UPLOADER_NOT_LOADED, and Retry fetches the chunk again', async () => {
  const onError = vi.fn()
  const controller = new UploadController({ endpoint: '/api/s3', autoUpload: false, onError })
  controller.addFiles([file('a.txt'), file('b.txt')])
  await afterFailedLoad()
  await controller.upload()

  const failed = controller.getSnapshot()
  expect(failed.status).toBe('error')
  expect(failed.files.map((entry) => [entry.name, entry.status, entry.error?.code])).toEqual([
    ['a.txt', 'error', 'UPLOADER_NOT_LOADED'],
    ['b.txt', 'error', 'UPLOADER_NOT_LOADED'],
  ])
  expect(onError).toHaveBeenCalledTimes(2)
  expect(onError.mock.calls.map(([error, entry]) => [error.code, entry?.name])).toEqual([
    ['UPLOADER_NOT_LOADED', 'a.txt'],
    ['UPLOADER_NOT_LOADED', 'b.txt'],
  ])
  // Vitest wraps the factory's throw; a browser gives the TypeError itself.
  expect(onError.mock.calls[0]![0].cause).toBeInstanceOf(Error)
  expect(unhandled).not.toHaveBeenCalled()

  chunk.fails = false
  const tried = chunk.tries
  // The endpoint is not there: what matters is that the chunk is fetched again and the files leave the failed state.
  vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'))
  controller.retry(failed.files[0]!.id)
  await vi.waitFor(() => expect(chunk.tries).toBe(tried + 1))
  await vi.waitFor(() =>
    expect(controller.getSnapshot().files.map((entry) => entry.error?.code)).not.toContain('UPLOADER_NOT_LOADED'),
  )
  controller.destroy()
  vi.restoreAllMocks()
})
