import { describe, expect, it } from 'vitest'
import { partSizeFor } from '../../src/protocol/limits.js'

const MiB = 1024 * 1024

// What the endpoint is told must be what the uploader really cuts, or every part URL is refused.
describe('partSizeFor', () => {
  it('keeps the requested size when S3 allows it', () => {
    expect(partSizeFor(200 * MiB, 8 * MiB)).toBe(8 * MiB)
  })

  it('raises anything below 5 MiB to 5 MiB', () => {
    expect(partSizeFor(200 * MiB, MiB)).toBe(5 * MiB)
  })

  it('grows the part size so that 10,000 parts hold the file', () => {
    const size = 100_000 * MiB + 1
    expect(partSizeFor(size, 8 * MiB)).toBe(Math.ceil(size / 10_000))
    expect(Math.ceil(size / partSizeFor(size, 8 * MiB))).toBeLessThanOrEqual(10_000)
  })
})
