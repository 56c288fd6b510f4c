import { describe, expect, it } from 'vitest'
import { BATCH_BYTES, BATCH_HASHES, takeBatch, type Batchable } from '../../../src/core/hashing/hash-batches.js'

const small = (): Batchable => ({ blob: new Blob(['x']), within: undefined })
const big = (): Batchable => ({ blob: new Blob([new Uint8Array(BATCH_BYTES + 1)]), within: undefined })
const slice = (): Batchable => ({ blob: new Blob(['y']), within: { whole: new Blob(['yy']), start: 0 } })

describe('takeBatch', () => {
  it('shares a run of small blobs among the free workers, in queue order, at most BATCH_HASHES', () => {
    const queue = Array.from({ length: 5 }, small)
    const [a, b, c, d, e] = queue
    expect(takeBatch(queue, 2)).toEqual([a, b, c])
    expect(takeBatch(queue, 1)).toEqual([d, e])
    const long = Array.from({ length: 3 * BATCH_HASHES }, small)
    expect(takeBatch(long, 1)).toHaveLength(BATCH_HASHES)
    expect(takeBatch(long, 0)).toHaveLength(BATCH_HASHES)
  })

  it('takes a large blob or a slice of a file alone, and ends a run of small ones before it', () => {
    const [s1, s2, b, p, s3] = [small(), small(), big(), slice(), small()]
    const queue = [s1, s2, b, p, s3]
    expect(takeBatch(queue, 1)).toEqual([s1, s2])
    expect(takeBatch(queue, 1)).toEqual([b])
    expect(takeBatch(queue, 1)).toEqual([p])
    expect(takeBatch(queue, 1)).toEqual([s3])
    expect(queue).toEqual([])
  })
})
