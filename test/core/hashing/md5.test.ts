import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { blobMd5Base64 } from '../../../src/core/hashing/blob-md5.js'
import { toHex } from '../../../src/core/hashing/digest-encoding.js'
import { Md5 } from '../../../src/core/hashing/md5.js'

const nodeMd5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest()

describe('Md5', () => {
  it('matches RFC 1321 test vectors', () => {
    const hex = (text: string) => toHex(new Md5().update(new TextEncoder().encode(text)).digest())
    expect(hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect(hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72')
    expect(hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    )
  })

  it('gives the same digest however the input is cut into chunks', () => {
    const data = randomBytes(10_000)
    for (const cut of [1, 7, 63, 64, 65, 1000, 9999]) {
      const md5 = new Md5()
      for (let offset = 0; offset < data.length; offset += cut) md5.update(data.subarray(offset, offset + cut))
      expect(Buffer.from(md5.digest())).toEqual(nodeMd5(data))
    }
  })

  it('gives the same digest for large chunks that start off a 4-byte boundary', () => {
    // A stream's chunks may have any length, so after an odd one every later chunk is unaligned.
    const data = randomBytes(700_001)
    const md5 = new Md5()
    for (const [from, to] of [[0, 3], [3, 200_003], [200_003, 200_004], [200_004, 700_001]] as const) {
      const copy = new Uint8Array(to - from + 1)
      copy.set(data.subarray(from, to), 1)
      md5.update(copy.subarray(1))
    }
    expect(Buffer.from(md5.digest())).toEqual(nodeMd5(data))
  })

  it('hashes a blob larger than one read step as base64', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 17)
    await expect(blobMd5Base64(new Blob([data]))).resolves.toBe(nodeMd5(data).toString('base64'))
    await expect(blobMd5Base64(new Blob([]))).resolves.toBe(nodeMd5(new Uint8Array()).toString('base64'))
  })
})
