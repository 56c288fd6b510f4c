import { randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { BlobCursor, READ_BUFFER_BYTES, readBlob, SLICE_BYTES } from '../../../src/core/hashing/read-blob.js'

const CHUNK = 256 * 1024

/**
 * A blob whose stream is a byte source that fills the reader's buffers itself, in CHUNK pieces,
 * recording what it saw: whether a reader buffer was offered (`byobRequest`), its size, and the
 * first byte already in it (the reused buffer still holds the previous chunk).
 */
class ByteSourceBlob extends Blob {
  readonly pulls: Array<{ offered: boolean; length: number; firstByte: number }> = []
  cancelled = false
  readonly #bytes: Uint8Array

  constructor(bytes: Uint8Array) {
    super([new Uint8Array(bytes)])
    this.#bytes = bytes
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    let offset = 0
    return new ReadableStream({
      type: 'bytes',
      pull: (controller) => {
        const request = controller.byobRequest
        if (!request?.view) {
          this.pulls.push({ offered: false, length: 0, firstByte: -1 })
          controller.enqueue(this.#bytes.slice(offset, offset + CHUNK))
        } else {
          const view = new Uint8Array(request.view.buffer, request.view.byteOffset, request.view.byteLength)
          this.pulls.push({ offered: true, length: view.length, firstByte: view[0]! })
          const n = Math.min(CHUNK, view.length, this.#bytes.length - offset)
          view.set(this.#bytes.subarray(offset, offset + n))
          request.respond(n)
          offset += n
        }
        if (offset >= this.#bytes.length) {
          controller.close()
          controller.byobRequest?.respond(0)
        }
      },
      cancel: () => {
        this.cancelled = true
      },
    })
  }
}

/** A blob whose stream is not a byte stream (a BYOB reader cannot attach), as in older browsers. */
class PlainStreamBlob extends Blob {
  override slice(start?: number, end?: number, type?: string): Blob {
    return new PlainStreamBlob([super.slice(start, end, type)])
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    return new ReadableStream({ start: (controller) => controller.close() })
  }
}

/** A blob that counts the streams opened on it and on its slices. */
class StreamCountingBlob extends Blob {
  readonly #data: Uint8Array
  constructor(
    data: Uint8Array,
    readonly counter = { opened: 0 },
  ) {
    super([new Uint8Array(data)])
    this.#data = data
  }
  override slice(start?: number, end?: number): Blob {
    return new StreamCountingBlob(this.#data.subarray(start, end), this.counter)
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    this.counter.opened += 1
    return super.stream()
  }
}

async function collect(blob: Blob, signal?: AbortSignal): Promise<{ bytes: Buffer; chunks: number[] }> {
  const parts: Buffer[] = []
  await readBlob(blob, (chunk) => parts.push(Buffer.from(chunk)), signal)
  return { bytes: Buffer.concat(parts), chunks: parts.map((part) => part.length) }
}

describe('readBlob', () => {
  it('reads every byte into one buffer of its own, reused for each read', async () => {
    // Each chunk is filled with its own number, so a reused buffer shows the previous chunk's number.
    // Larger than one slice: a smaller blob is read whole, without a stream (next test).
    const data = new Uint8Array(20 * CHUNK + 5)
    for (let i = 0; i < 21; i++) data.fill(i + 1, i * CHUNK, (i + 1) * CHUNK)
    const blob = new ByteSourceBlob(data)
    const { bytes, chunks } = await collect(blob)
    expect(bytes.equals(Buffer.from(data))).toBe(true)
    expect(chunks.every((length) => length <= READ_BUFFER_BYTES)).toBe(true)
    const reads = blob.pulls.filter((pull) => pull.length > 0)
    // Every read went into a buffer the reader offered, none larger than READ_BUFFER_BYTES,
    // and each after the first found the chunk before it there: one buffer held, never a new one.
    expect(reads.every((pull) => pull.offered && pull.length <= READ_BUFFER_BYTES)).toBe(true)
    expect(reads.slice(1).map((pull) => pull.firstByte)).toEqual(reads.slice(0, -1).map((_, i) => i + 1))
  })

  it('opens no stream for a blob of one slice or less (Chromium stalls after many streams)', async () => {
    const counter = { opened: 0 }
    const data = randomBytes(SLICE_BYTES)
    expect((await collect(new StreamCountingBlob(data, counter))).bytes.equals(data)).toBe(true)
    expect((await collect(new StreamCountingBlob(new Uint8Array(4096), counter))).bytes.length).toBe(4096)
    expect(counter.opened).toBe(0)
  })

  it('reads a blob of one slice or less as it is, without slicing it (a new Blob per small file in Chromium)', async () => {
    const data = randomBytes(4096)
    const blob = new Blob([data])
    const slice = vi.spyOn(blob, 'slice')
    expect((await collect(blob)).bytes.equals(data)).toBe(true)
    expect(slice).not.toHaveBeenCalled()
    const big = new PlainStreamBlob([randomBytes(SLICE_BYTES + 1)])
    const bigSlice = vi.spyOn(big, 'slice')
    expect((await collect(big)).bytes.length).toBe(SLICE_BYTES + 1)
    expect(bigSlice).toHaveBeenCalledTimes(2)
  })

  it('reads a real Blob whole, also an empty one', async () => {
    const data = randomBytes(3 * READ_BUFFER_BYTES + 17)
    expect((await collect(new Blob([data]))).bytes.equals(data)).toBe(true)
    expect((await collect(new Blob([]))).bytes.length).toBe(0)
  })

  it('falls back to slices where stream() is not a byte stream', async () => {
    const data = randomBytes(9 * 1024 * 1024 + 3)
    const { bytes, chunks } = await collect(new PlainStreamBlob([data]))
    expect(bytes.equals(data)).toBe(true)
    expect(chunks).toEqual([4, 4, 1].map((mib) => mib * 1024 * 1024).map((n, i) => (i === 2 ? n + 3 : n)))
  })

  it('stops and cancels the stream once the signal aborts', async () => {
    const blob = new ByteSourceBlob(new Uint8Array(20 * CHUNK))
    const stop = new AbortController()
    let seen = 0
    const reading = readBlob(blob, () => {
      if (++seen === 2) stop.abort(new Error('stopped'))
    }, stop.signal)
    await expect(reading).rejects.toThrow('stopped')
    expect(seen).toBe(2)
    expect(blob.cancelled).toBe(true)
  })

  describe('BlobCursor', () => {
    const PART = 300_001
    const data = randomBytes(4 * PART + 10)
    const readRange = async (cursor: BlobCursor, whole: Blob, key: number, start: number, size: number, signal?: AbortSignal) => {
      const parts: Buffer[] = []
      const streamed = await cursor.read(whole, key, start, size, (chunk) => parts.push(Buffer.from(chunk)), signal)
      return { streamed, bytes: Buffer.concat(parts) }
    }

    it('reads consecutive ranges of a blob from one stream, and opens another for a range elsewhere', async () => {
      const whole = new StreamCountingBlob(data)
      const cursor = new BlobCursor()
      for (let n = 0; n < 3; n++) {
        const { streamed, bytes } = await readRange(cursor, whole, 1, n * PART, PART)
        expect(streamed).toBe(true)
        expect(bytes.equals(data.subarray(n * PART, (n + 1) * PART))).toBe(true)
      }
      expect(whole.counter.opened).toBe(1)
      // A gap (part 4 skipped) and another blob under another key each need a stream of their own.
      expect((await readRange(cursor, whole, 1, 4 * PART, 10)).bytes.equals(data.subarray(4 * PART))).toBe(true)
      expect(whole.counter.opened).toBe(2)
      const other = new StreamCountingBlob(data)
      expect((await readRange(cursor, other, 2, 0, PART)).bytes.equals(data.subarray(0, PART))).toBe(true)
      expect(other.counter.opened).toBe(1)
    })

    it('opens a new stream after a read that was aborted, with the right bytes', async () => {
      const whole = new StreamCountingBlob(data)
      const cursor = new BlobCursor()
      const stop = new AbortController()
      stop.abort(new Error('stopped'))
      await expect(readRange(cursor, whole, 1, 0, PART, stop.signal)).rejects.toThrow('stopped')
      const { bytes } = await readRange(cursor, whole, 1, PART, PART)
      expect(bytes.equals(data.subarray(PART, 2 * PART))).toBe(true)
      expect(whole.counter.opened).toBe(2)
    })

    it('rejects a range past the end of the blob, and says false where the blob cannot be streamed', async () => {
      const cursor = new BlobCursor()
      await expect(readRange(cursor, new Blob([data]), 1, 4 * PART, PART)).rejects.toThrow(RangeError)
      await expect(readRange(cursor, new PlainStreamBlob([data]), 2, 0, PART)).resolves.toMatchObject({ streamed: false })
    })
  })
})
