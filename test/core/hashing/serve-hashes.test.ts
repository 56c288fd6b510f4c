import { describe, expect, it } from 'vitest'
import { answerHashes, hashJobs, UnknownWhole, type HashJob } from '../../../src/core/hashing/serve-hashes.js'

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

describe('answerHashes (a hashing worker answering the pool)', () => {
  const digestOf = async (job: HashJob, signal: AbortSignal) => {
    const value = await text(job.blob())
    await new Promise((resolve) => setTimeout(resolve, 0))
    signal.throwIfAborted()
    if (value === 'bad') throw new Error('NotReadableError')
    return `#${value}`
  }

  it('reads the small blobs of a hashEach at once and answers them in one each, a failure as its own reply', async () => {
    const answer = answerHashes(digestOf)
    const started: string[] = []
    const watched = answerHashes(async (job, signal) => {
      started.push(await text(job.blob()))
      return digestOf(job, signal)
    })
    const blobs = ['a', 'bad', 'c'].map((value) => new Blob([value]))
    await expect(answer({ kind: 'hashEach', hashes: blobs.map((blob, i) => ({ id: i + 1, blob })) })).resolves.toEqual({
      kind: 'each',
      replies: [
        { kind: 'done', id: 1, md5: '#a' },
        { kind: 'failed', id: 2, message: 'NotReadableError' },
        { kind: 'done', id: 3, md5: '#c' },
      ],
    })
    // All three were under way before the first was answered.
    const reply = watched({ kind: 'hashEach', hashes: blobs.map((blob, i) => ({ id: i + 1, blob })) })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(started).toEqual(['a', 'bad', 'c'])
    await reply
  })

  it('stops one hash of a hashEach on its cancel, still answering it, and answers a hash alone as before', async () => {
    const answer = answerHashes(digestOf)
    const reply = answer({ kind: 'hashEach', hashes: [{ id: 1, blob: new Blob(['a']) }, { id: 2, blob: new Blob(['b']) }] })
    expect(answer({ kind: 'cancel', id: 2 })).toBeUndefined()
    const each = await reply
    expect(each).toMatchObject({ kind: 'each', replies: [{ kind: 'done', id: 1, md5: '#a' }, { kind: 'failed', id: 2 }] })
    await expect(answer({ kind: 'hash', id: 3, blob: new Blob(['z']) })).resolves.toEqual({ kind: 'done', id: 3, md5: '#z' })
    await expect(answer({ kind: 'hash', id: 4, within: { key: 9, start: 0, size: 1 } })).resolves.toMatchObject({ kind: 'failed', id: 4 })
  })
})
