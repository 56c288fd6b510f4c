import { randomBytes } from 'node:crypto'
import { expect, it, vi } from 'vitest'
import { readBlob, SLICE_BYTES, STALLED_READ_MS } from '../../../src/core/hashing/read-blob.js'

// Its own file: a stall is remembered for the rest of the realm (module), as in a worker.
const CHUNK = 256 * 1024

/** A byte stream that gives `chunks` CHUNKs and then never answers again, as Chromium's sometimes does. */
class StallingBlob extends Blob {
  cancelled = false
  streams = 0
  constructor(
    readonly data: Uint8Array,
    readonly chunks: number,
  ) {
    super([new Uint8Array(data)])
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    this.streams += 1
    let given = 0
    return new ReadableStream({
      type: 'bytes',
      pull: (controller) => {
        if (given >= this.chunks) return new Promise<void>(() => {})
        const request = controller.byobRequest!
        const view = new Uint8Array(request.view!.buffer, request.view!.byteOffset, request.view!.byteLength)
        const n = Math.min(CHUNK, view.length)
        view.set(this.data.subarray(given * CHUNK, given * CHUNK + n))
        request.respond(n)
        given += 1
      },
      cancel: () => {
        this.cancelled = true
      },
    })
  }
}

async function collect(blob: Blob): Promise<Buffer> {
  const parts: Buffer[] = []
  await readBlob(blob, (chunk) => parts.push(Buffer.from(chunk)))
  return Buffer.concat(parts)
}

it('reads the rest by slices when a stream read brings nothing for STALLED_READ_MS, and opens no stream after that', async () => {
  vi.useFakeTimers()
  try {
    const data = randomBytes(SLICE_BYTES + 3 * CHUNK)
    const blob = new StallingBlob(data, 2)
    const reading = collect(blob)
    await vi.advanceTimersByTimeAsync(STALLED_READ_MS)
    expect((await reading).equals(data)).toBe(true)
    expect(blob.cancelled).toBe(true)
    // The next big blob goes by slices at once: no second wait.
    const next = new StallingBlob(data, 0)
    expect((await collect(next)).equals(data)).toBe(true)
    expect(next.streams).toBe(0)
  } finally {
    vi.useRealTimers()
  }
})
