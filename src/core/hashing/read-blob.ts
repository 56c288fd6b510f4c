/** The one buffer a read of a blob fills, again and again: what a hash holds of the blob's bytes at once. */
export const READ_BUFFER_BYTES = 1024 * 1024

/** Where a blob cannot be streamed into our own buffer: bytes read per slice (two held: one hashed, one being read). */
export const SLICE_BYTES = 4 * 1024 * 1024

/**
 * A stream read that brings nothing for this long is given up, and the rest read by slices.
 * Chromium 156 sometimes never settles a read of a Blob stream once a page has opened many of
 * them: hashing 1000 picked 4 KiB files in two workers, one stream each, stalled for good after
 * 638-900 of them, while `slice().arrayBuffer()` read all 1000 (test/e2e/md5-worker.e2e.test.ts).
 */
export const STALLED_READ_MS = 5_000

/** A stream read gave nothing for STALLED_READ_MS. */
export class StalledRead extends Error {
  constructor() {
    super(`a blob stream read brought nothing for ${STALLED_READ_MS} ms`)
    this.name = 'StalledRead'
  }
}

/** Once a stream read stalled in this realm (page or worker), every later read goes by slices: one stall costs STALLED_READ_MS once, not per part. */
let streamsStalled = false

/**
 * Calls `use` with the bytes of `blob` in order, in chunks of at most
 * READ_BUFFER_BYTES. A chunk is valid only during its call: the next read
 * fills the same memory.
 *
 * A BYOB reader of `blob.stream()` reads into one buffer this function owns,
 * so a hash of any size allocates one buffer. Reading with
 * `slice().arrayBuffer()` allocated a new buffer per step, and V8 collects
 * such garbage late: reading a 1 GiB File in 4 MiB slices in a worker grew
 * the renderer by 150-200 MB against 25-35 for a BYOB read (a worker doing
 * nothing: 5-45), at 284-427 against 625-1317 MiB/s (Chromium 156, two shared
 * cores). Where `stream()` is not a byte stream (older browsers) the slices remain.
 */
export async function readBlob(blob: Blob, use: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
  // A blob of one slice or less allocates one buffer either way, and opens no stream (see STALLED_READ_MS).
  const reader = blob.size > SLICE_BYTES ? byobReader(blob) : undefined
  if (!reader) return readSlices(blob, use, signal)
  let buffer = takeSpare()
  let offset = 0
  try {
    for (;;) {
      // read() takes the buffer over (detaching ours) and gives it back with the bytes in `value`.
      const { value, done } = await readOrStall(reader, new Uint8Array(buffer))
      signal?.throwIfAborted()
      if (done || !value) return
      use(value)
      offset += value.byteLength
      buffer = value.buffer as ArrayBuffer
    }
  } catch (error) {
    if (!(error instanceof StalledRead)) throw error
    buffer = new ArrayBuffer(0) // the stalled read keeps ours
    return readSlices(blob.slice(offset), use, signal)
  } finally {
    spare = buffer.byteLength === 0 ? undefined : buffer // 0: detached, taken by a read that failed
    // Stops the browser reading ahead for a hash that was stopped or failed; a no-op at the end.
    reader.cancel().catch(() => {})
  }
}

/**
 * Reads consecutive ranges of one blob from one stream, so the parts of a file
 * hashed in order read it as one stream instead of one per part. In Chromium
 * every blob stream seems to hold native memory until V8 collects it, memory
 * V8 does not count towards its next collection: hashing a 1 GiB File as
 * 8 MiB slices in a worker, one stream each, peaked 100-125 MB over the
 * renderer's start, 45-55 with a forced GC every 8 slices, and 20-60 as one
 * stream (Chromium 156). A range that does not start where the last one
 * ended opens a new stream.
 */
export class BlobCursor {
  #open: { key: number; reader: ReadableStreamBYOBReader; offset: number; end: number } | undefined

  /**
   * Calls `use` with bytes `start` to `start + size` of `whole`, which `key` names (the same key,
   * the same blob). Resolves false, having read nothing, where `whole` cannot be streamed into our
   * buffer; rejects if the stream ends early or `signal` aborts (the stream is then closed).
   */
  async read(whole: Blob, key: number, start: number, size: number, use: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<boolean> {
    let open = this.#open
    this.#open = undefined
    if (!open || open.key !== key || open.offset !== start) {
      open?.reader.cancel().catch(() => {})
      const reader = byobReader(whole.slice(start))
      if (!reader) return false
      open = { key, reader, offset: start, end: whole.size }
    }
    let buffer = takeSpare()
    try {
      for (let remaining = size; remaining > 0;) {
        const { value, done } = await readOrStall(open.reader, new Uint8Array(buffer, 0, Math.min(buffer.byteLength, remaining)))
        signal?.throwIfAborted()
        if (done || !value) throw new RangeError(`the blob ended ${remaining} bytes early`)
        use(value)
        remaining -= value.byteLength
        buffer = value.buffer as ArrayBuffer
      }
    } catch (error) {
      open.reader.cancel().catch(() => {})
      throw error
    } finally {
      spare = buffer.byteLength === 0 ? undefined : buffer // 0: detached, taken by a read that failed
    }
    open.offset = start + size
    // Kept for the next range, unless the blob is read to its end.
    if (open.offset < open.end) this.#open = open
    else open.reader.cancel().catch(() => {})
    return true
  }
}

/** The buffer of the last read that ended, for the next: a worker hashing part after part keeps one. */
let spare: ArrayBuffer | undefined

function takeSpare(): ArrayBuffer {
  const buffer = spare ?? new ArrayBuffer(READ_BUFFER_BYTES)
  spare = undefined
  return buffer
}

/** `reader.read(view)`, or a StalledRead (the reader cancelled) if it brings nothing for STALLED_READ_MS. */
async function readOrStall(reader: ReadableStreamBYOBReader, view: Uint8Array<ArrayBuffer>): Promise<ReadableStreamReadResult<Uint8Array<ArrayBuffer>>> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      streamsStalled = true
      reader.cancel().catch(() => {})
      reject(new StalledRead())
    }, STALLED_READ_MS)
  })
  try {
    return await Promise.race([reader.read(view), stalled])
  } finally {
    clearTimeout(timer)
  }
}

function byobReader(blob: Blob): ReadableStreamBYOBReader | undefined {
  if (typeof blob.stream !== 'function' || streamsStalled) return undefined
  const stream = blob.stream()
  try {
    return stream.getReader({ mode: 'byob' })
  } catch {
    stream.cancel().catch(() => {})
    return undefined
  }
}

/**
 * The next slice is read while this one is used (bench/hash-candidates.mjs: ~30% faster than in turn).
 * A blob of one slice or less is read as it is: slicing it made a new Blob per small file, which
 * Chromium registers with its browser process (bench/hash-messages.mjs, 1000 x 4 KiB: one-slice against one).
 */
async function readSlices(blob: Blob, use: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
  const sliceOf = (offset: number) => (blob.size <= SLICE_BYTES ? blob : blob.slice(offset, offset + SLICE_BYTES))
  const read = (offset: number) => (offset < blob.size ? sliceOf(offset).arrayBuffer() : undefined)
  let next = read(0)
  for (let offset = 0; next; offset += SLICE_BYTES) {
    const bytes = new Uint8Array(await next)
    signal?.throwIfAborted()
    next = read(offset + SLICE_BYTES)
    use(bytes)
  }
}
