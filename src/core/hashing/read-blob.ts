/** The one buffer a read of a blob fills, again and again: what a hash holds of the blob's bytes at once. */
export const READ_BUFFER_BYTES = 1024 * 1024

/** Where a blob cannot be streamed into our own buffer: bytes read per slice (two held: one hashed, one being read). */
export const SLICE_BYTES = 4 * 1024 * 1024

/**
 * Calls `use` with the bytes of `blob` in order, in chunks of at most
 * READ_BUFFER_BYTES. A chunk is valid only during its call: the next read
 * fills the same memory.
 *
 * A BYOB reader of `blob.stream()` reads into one buffer this function owns,
 * so a hash of any size allocates one buffer. Reading with
 * `slice().arrayBuffer()` allocated a new buffer per step, and V8 collects
 * such garbage late: hashing a 2 GiB File in 4 MiB slices in a worker held
 * 75-150 MB more renderer memory than a BYOB read of it in Chromium 156, and
 * read at 427 against 1317 MiB/s (bench/widget-memory.mjs). Where `stream()`
 * is not a byte stream (older browsers, jsdom) the slices remain.
 */
export async function readBlob(blob: Blob, use: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
  const reader = byobReader(blob)
  if (!reader) return readSlices(blob, use, signal)
  let buffer = new ArrayBuffer(Math.max(1, Math.min(READ_BUFFER_BYTES, blob.size)))
  try {
    for (;;) {
      // read() takes the buffer over (detaching ours) and gives it back with the bytes in `value`.
      const { value, done } = await reader.read(new Uint8Array(buffer))
      signal?.throwIfAborted()
      if (done || !value) return
      use(value)
      buffer = value.buffer as ArrayBuffer
    }
  } finally {
    // Stops the browser reading ahead for a hash that was stopped or failed; a no-op at the end.
    reader.cancel().catch(() => {})
  }
}

function byobReader(blob: Blob): ReadableStreamBYOBReader | undefined {
  if (typeof blob.stream !== 'function') return undefined
  const stream = blob.stream()
  try {
    return stream.getReader({ mode: 'byob' })
  } catch {
    stream.cancel().catch(() => {})
    return undefined
  }
}

/** The next slice is read while this one is used (bench/hash-candidates.mjs: ~30% faster than in turn). */
async function readSlices(blob: Blob, use: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
  const read = (offset: number) => (offset < blob.size ? blob.slice(offset, offset + SLICE_BYTES).arrayBuffer() : undefined)
  let next = read(0)
  for (let offset = 0; next; offset += SLICE_BYTES) {
    const bytes = new Uint8Array(await next)
    signal?.throwIfAborted()
    next = read(offset + SLICE_BYTES)
    use(bytes)
  }
}
