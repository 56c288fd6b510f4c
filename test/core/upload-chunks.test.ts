import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { UploadControllerOptions } from '../../src/core/upload-controller-options.js'
import { preloadUploadChunks, UPLOAD_CHUNKS } from '../../src/core/upload-chunks.js'

// What a prefetch fetches: the chunks an upload with these options loads, and no other.
type Chunk = keyof typeof UPLOAD_CHUNKS

let asked: Chunk[] = []
beforeEach(() => {
  asked = []
  for (const chunk of Object.keys(UPLOAD_CHUNKS) as Chunk[]) {
    // Never settles: what matters is which were asked for.
    vi.spyOn(UPLOAD_CHUNKS, chunk).mockImplementation(() => {
      asked.push(chunk)
      return new Promise<never>(() => {})
    })
  }
  vi.stubGlobal('Worker', class {})
  vi.stubGlobal('indexedDB', {})
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const cases: Array<[string, UploadControllerOptions, Chunk[]]> = [
  ['the defaults', { endpoint: '/api/s3' }, ['queue', 'transfer', 'md5Worker']],
  ['SHA-256', { endpoint: '/api/s3', checksumAlgorithm: 'sha256' }, ['queue', 'transfer', 'sha256Worker']],
  ['no checksum, no queue', { endpoint: '/api/s3', checksum: false, resumeAfterReload: false }, ['transfer']],
  ['Companion mode', { companionEndpoint: 'https://companion.test' }, ['queue', 'companion']],
]

it.each(cases)('preloadUploadChunks with %s', (_name, options, expected) => {
  preloadUploadChunks(options)
  expect(asked).toEqual(expected)
})

it('fetches no worker where there are no workers, and rejects nothing it fetches', async () => {
  vi.unstubAllGlobals()
  vi.spyOn(UPLOAD_CHUNKS, 'transfer').mockImplementation(() => {
    asked.push('transfer')
    return Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
  })
  const unhandled = vi.fn()
  process.on('unhandledRejection', unhandled)
  preloadUploadChunks({ endpoint: '/api/s3' })
  await new Promise((resolve) => setTimeout(resolve, 10))
  process.off('unhandledRejection', unhandled)
  expect(asked).toEqual(['transfer'])
  expect(unhandled).not.toHaveBeenCalled()
})
