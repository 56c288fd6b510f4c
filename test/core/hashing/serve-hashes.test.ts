import { describe, expect, it } from 'vitest'
import { hashJobs, UnknownWhole } from '../../../src/core/hashing/serve-hashes.js'

const text = (blob: Blob) => blob.text()

describe('hashJobs (a hashing worker reading the pool\'s messages)', () => {
  it('keeps the whole blob a slice came with, for the later slices that come with their place alone', async () => {
    const jobOf = hashJobs()
    const file = new Blob(['0123456789'])
    const first = jobOf({ kind: 'hash', id: 1, within: { key: 7, start: 0, size: 4, whole: file } })
    const second = jobOf({ kind: 'hash', id: 2, within: { key: 7, start: 4, size: 6 } })
    expect(second.within).toEqual({ whole: file, key: 7, start: 4 })
    expect(second.size).toBe(6)
    expect(await text(first.blob())).toBe('0123')
    expect(await text(second.blob())).toBe('456789')
  })

  it('passes a blob sent on its own through, and keeps the whole it held', async () => {
    const jobOf = hashJobs()
    const file = new Blob(['abcdef'])
    jobOf({ kind: 'hash', id: 1, within: { key: 1, start: 0, size: 2, whole: file } })
    const alone = new Blob(['xyz'])
    const job = jobOf({ kind: 'hash', id: 2, blob: alone })
    expect(job.blob()).toBe(alone)
    expect(job.within).toBeUndefined()
    expect(await text(jobOf({ kind: 'hash', id: 3, within: { key: 1, start: 2, size: 4 } }).blob())).toBe('cdef')
  })

  it('holds only the last whole: a slice of one it no longer holds, or never got, is an UnknownWhole', () => {
    const jobOf = hashJobs()
    expect(() => jobOf({ kind: 'hash', id: 1, within: { key: 1, start: 0, size: 1 } })).toThrow(UnknownWhole)
    jobOf({ kind: 'hash', id: 2, within: { key: 1, start: 0, size: 1, whole: new Blob(['a']) } })
    jobOf({ kind: 'hash', id: 3, within: { key: 2, start: 0, size: 1, whole: new Blob(['b']) } })
    expect(() => jobOf({ kind: 'hash', id: 4, within: { key: 1, start: 0, size: 1 } })).toThrow(UnknownWhole)
  })
})
