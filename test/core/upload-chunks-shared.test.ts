import { expect, it, vi } from 'vitest'
import { UPLOAD_CHUNKS } from '../../src/core/upload-chunks.js'

// Two asks for a chunk while it loads (a prefetch, then the code that needs it) share one load, as
// a browser shares one fetch; a load that failed is forgotten, so the next ask fetches again.
const chunk = vi.hoisted(() => ({ fails: true, tries: 0 }))
vi.mock('../../src/core/transfer/create-transfer-plugin.js', async (importOriginal) => {
  chunk.tries += 1
  if (chunk.fails) throw new TypeError('Failed to fetch dynamically imported module')
  return importOriginal()
})

it('shares one load between concurrent asks, and fetches again after a failure', async () => {
  const [first, second] = await Promise.allSettled([UPLOAD_CHUNKS.transfer(), UPLOAD_CHUNKS.transfer()])
  expect(chunk.tries).toBe(1)
  expect(first.status).toBe('rejected')
  expect(second.status).toBe('rejected')

  chunk.fails = false
  const loaded = await UPLOAD_CHUNKS.transfer()
  expect(chunk.tries).toBe(2)
  expect(loaded.createTransferPlugin).toBeTypeOf('function')
  await UPLOAD_CHUNKS.transfer()
  expect(chunk.tries).toBe(2)
})
