import { md5Compress } from './md5-compress.js'

/** Bytes of an unaligned chunk copied at a time (a multiple of 64). */
const SCRATCH_BYTES = 64 * 1024

/**
 * Incremental MD5 (RFC 1321), for the `Content-Md5` header S3 checks each body
 * against. Web Crypto has no MD5, and a dependency would ship to every
 * browser, so this is plain integer arithmetic. Feed it any
 * number of chunks of any length and alignment; it keeps one 64-byte block
 * between calls, and allocates nothing per chunk (at most one 64 KiB scratch buffer).
 */

export class Md5 {
  readonly #state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476])
  readonly #block = new Uint8Array(64)
  readonly #blockWords = new Int32Array(this.#block.buffer)
  #blockLength = 0
  #scratch: Uint8Array | undefined
  #total = 0

  update(bytes: Uint8Array): this {
    let offset = 0
    this.#total += bytes.length
    if (this.#blockLength > 0) {
      const take = Math.min(64 - this.#blockLength, bytes.length)
      this.#block.set(bytes.subarray(0, take), this.#blockLength)
      this.#blockLength += take
      offset = take
      if (this.#blockLength < 64) return this
      md5Compress(this.#state, this.#blockWords, 0)
      this.#blockLength = 0
    }
    offset = this.#compressWhole(bytes, offset)
    if (offset < bytes.length) {
      this.#block.set(bytes.subarray(offset), 0)
      this.#blockLength = bytes.length - offset
    }
    return this
  }

  /** The 16-byte digest. The instance must not be updated afterwards. */
  digest(): Uint8Array {
    const bitLength = this.#total * 8
    const padLength = this.#blockLength < 56 ? 56 - this.#blockLength : 120 - this.#blockLength
    const tail = new Uint8Array(padLength + 8)
    tail[0] = 0x80
    const view = new DataView(tail.buffer)
    view.setUint32(padLength, bitLength >>> 0, true)
    view.setUint32(padLength + 4, Math.floor(bitLength / 2 ** 32), true)
    this.update(tail)
    const out = new Uint8Array(16)
    const outView = new DataView(out.buffer)
    for (let i = 0; i < 4; i++) outView.setInt32(i * 4, this.#state[i]!, true)
    return out
  }

  /** Hashes every whole block of `bytes` from `offset`; returns where the rest starts. */
  #compressWhole(bytes: Uint8Array, offset: number): number {
    const blocks = Math.floor((bytes.length - offset) / 64)
    if (blocks === 0) return offset
    const end = offset + blocks * 64
    const start = bytes.byteOffset + offset
    // Int32Array reads little-endian words on every platform browsers run on.
    if (start % 4 === 0) {
      const words = new Int32Array(bytes.buffer, start, blocks * 16)
      for (let i = 0; i < blocks * 16; i += 16) md5Compress(this.#state, words, i)
      return end
    }
    // An unaligned view is not allowed: copy through a fixed scratch buffer. Copying the whole
    // rest made a garbage buffer per chunk, and a stream's chunks (read-blob.ts) may have any length.
    this.#scratch ??= new Uint8Array(SCRATCH_BYTES)
    const words = new Int32Array(this.#scratch.buffer)
    for (let from = offset; from < end; from += SCRATCH_BYTES) {
      const length = Math.min(SCRATCH_BYTES, end - from)
      this.#scratch.set(bytes.subarray(from, from + length))
      for (let i = 0; i < length / 4; i += 16) md5Compress(this.#state, words, i)
    }
    return end
  }
}
