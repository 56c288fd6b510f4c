import { md5Compress } from './md5-compress.js'

/**
 * Incremental MD5 (RFC 1321), for the `Content-Md5` header S3 checks each body
 * against. Web Crypto has no MD5, and a dependency would ship to every
 * browser, so this is plain integer arithmetic. Feed it any
 * number of chunks; it keeps at most one 64-byte block between calls.
 */

export class Md5 {
  readonly #state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476])
  readonly #block = new Uint8Array(64)
  readonly #blockWords = new Int32Array(this.#block.buffer)
  #blockLength = 0
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
    const start = bytes.byteOffset + offset
    // Int32Array reads little-endian words on every platform browsers run on;
    // an unaligned view is not allowed, so copy then.
    const words =
      start % 4 === 0
        ? new Int32Array(bytes.buffer, start, blocks * 16)
        : new Int32Array(bytes.slice(offset, offset + blocks * 64).buffer)
    for (let i = 0; i < blocks * 16; i += 16) md5Compress(this.#state, words, i)
    return offset + blocks * 64
  }
}
