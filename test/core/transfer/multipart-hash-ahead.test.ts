import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { blobMd5Base64 } from '../../../src/core/hashing/blob-md5.js'
import { createMd5Hasher, type Md5Hasher } from '../../../src/core/hashing/md5-hasher.js'
import { uploadMultipart, type MultipartJob } from '../../../src/core/transfer/multipart-upload.js'
import { fakeWorkers } from '../hashing/fake-md5-workers.js'
import { mockS3, useMockS3Server } from './mock-s3.js'
import { multipartJob, PART } from './multipart-job.js'

useMockS3Server()

const md5Of = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('base64')

const job = (data: Buffer, parallel: number) => multipartJob(data, parallel)

/** Hashes for real, counting the hashes started so far. */
function countingHasher(): Md5Hasher & { started: number } {
  const hasher = {
    started: 0,
    md5Base64: (blob: Blob, signal?: AbortSignal) => {
      hasher.started += 1
      return blobMd5Base64(blob, signal)
    },
    close() {},
  }
  return hasher
}

describe('uploadMultipart with a hasher', () => {
  it('starts hashing the next `parallel` parts before sending the first, each part hashed once', async () => {
    const s3 = mockS3()
    const data = randomBytes(6 * PART)
    const partOf = new Map(Array.from({ length: 6 }, (_, i) => [md5Of(data.subarray(i * PART, (i + 1) * PART)), i + 1]))
    const hashed: number[] = []
    let started = 0
    const startedAtPut = new Map<number, number>()
    const hasher: Md5Hasher = {
      md5Base64: async (blob, signal) => {
        started += 1
        const md5 = await blobMd5Base64(blob, signal)
        hashed.push(partOf.get(md5)!)
        return md5
      },
      close() {},
    }
    s3.setInject((_request, url) => {
      startedAtPut.set(Number(url.searchParams.get('partNumber')), started)
      return undefined
    })
    const result = await uploadMultipart(s3.context({ hasher }), job(data, 2), new AbortController().signal)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(hashed.sort()).toEqual([1, 2, 3, 4, 5, 6])
    // Parts 1 and 2 start, and each asks for the next two ahead: four hashes are under way before a PUT goes out.
    expect(startedAtPut.get(1)).toBeGreaterThanOrEqual(4)
  })

  it('completes with every part intact when a worker crashes mid-hash: that part is hashed on the main thread', async () => {
    const s3 = mockS3()
    let hashed = 0
    const fakes = fakeWorkers((worker, message) => {
      if (message.kind !== 'hash') return
      hashed += 1
      if (hashed === 3) setTimeout(() => worker.crash(), 0)
      else setTimeout(() => void worker.finish(), 0)
    })
    const hasher = createMd5Hasher({ workers: 2, loadWorker: fakes.loadWorker })
    const data = randomBytes(5 * PART + 99)
    const result = await uploadMultipart(s3.context({ hasher }), job(data, 3), new AbortController().signal)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(fakes.workers.filter((worker) => worker.terminated)).toHaveLength(1)
    const puts = s3.sent.filter((request) => request.method === 'PUT')
    expect(puts).toHaveLength(6)
  })

  it('keeps two rounds of `parallel` parts hashed ahead of those in flight', async () => {
    const s3 = mockS3()
    const startedAtPut = new Map<number, number>()
    const hasher = countingHasher()
    s3.setInject((request, url) => {
      if (request.method === 'PUT') startedAtPut.set(Number(url.searchParams.get('partNumber')), hasher.started)
      return undefined
    })
    const data = randomBytes(9 * PART)
    const result = await uploadMultipart(s3.context({ hasher }), job(data, 2), new AbortController().signal)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    // Parts 1 and 2 in flight, 3 to 6 hashed or hashing.
    expect(startedAtPut.get(1)).toBe(6)
    expect(hasher.started).toBe(9)
  }, 20_000)

  it('hashes the first two rounds of parts while the upload is being created (they need no upload id)', async () => {
    const s3 = mockS3()
    let startedAtCreate: number | undefined
    const hasher = countingHasher()
    s3.setInject((request, url) => {
      if (request.method === 'POST' && url.searchParams.has('uploads')) startedAtCreate = hasher.started
      return undefined
    })
    const data = randomBytes(6 * PART)
    const result = await uploadMultipart(s3.context({ hasher }), job(data, 3), new AbortController().signal)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(startedAtCreate).toBe(6)
    expect(hasher.started).toBe(6)
  })

  it('makes two Blob slices per part (its hash, its body) however often progress is reported', async () => {
    const s3 = mockS3()
    const data = randomBytes(12 * PART)
    const upload = job(data, 4)
    const progress: number[] = []
    upload.onProgress = (bytes) => progress.push(bytes)
    const slice = vi.spyOn(upload.data, 'slice')
    const result = await uploadMultipart(s3.context(), upload, new AbortController().signal)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(progress.length).toBeGreaterThan(2 * 12)
    expect(progress.at(-1)).toBe(data.length)
    // Each progress report used to slice every finished part again (a call into the browser's blob registry each).
    expect(slice).toHaveBeenCalledTimes(2 * 12)
  }, 20_000)
})
