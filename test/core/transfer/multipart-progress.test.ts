import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { uploadMultipart, type MultipartJob } from '../../../src/core/transfer/multipart-upload.js'
import type { StorageTransport } from '../../../src/core/transfer/storage-transport.js'
import { mockS3, useMockS3Server } from './mock-s3.js'

useMockS3Server()

const PART = 5 * 1024 * 1024
const EVENTS_PER_PART = 50

/** Counts the slices taken of the file itself (a slice of a slice is not counted: Node returns plain Blobs). */
class CountingBlob extends Blob {
  slices = 0
  override slice(start?: number, end?: number, type?: string): Blob {
    this.slices += 1
    return super.slice(start, end, type)
  }
}

describe('uploadMultipart progress', () => {
  it('slices the file a bounded number of times per part however many progress events come', async () => {
    // In Chromium every Blob slice registers a blob with the browser process: summing the landed
    // parts' sizes by slicing them on each progress event cost a 2 GiB upload ~10^5 slices.
    const s3 = mockS3()
    const data = randomBytes(6 * PART + 7)
    const file = new CountingBlob([new Uint8Array(data)])
    const chatty: StorageTransport = async (request) => {
      const size = request.body instanceof Blob ? request.body.size : 0
      for (let i = 1; i <= EVENTS_PER_PART; i++) request.onProgress?.(Math.floor((size * i) / EVENTS_PER_PART))
      return s3.transport(request)
    }
    const progress: number[] = []
    const job: MultipartJob = {
      fileId: 'f1',
      file: { name: 'big.bin', size: data.length, type: 'application/octet-stream' },
      data: file,
      onProgress: (bytes) => progress.push(bytes),
      state: { partSize: PART, done: new Map() },
      parallel: 3,
      onCreated: () => {},
    }
    const result = await uploadMultipart(s3.context({ transport: chatty }), job, new AbortController().signal)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    expect(progress.length).toBeGreaterThan(7 * EVENTS_PER_PART)
    // One slice for each part's hash and one for its body.
    expect(file.slices).toBeLessThanOrEqual(2 * 7)
    expect(progress.at(-1)).toBe(data.length)
    expect(Math.max(...progress)).toBe(data.length)
  })
})
