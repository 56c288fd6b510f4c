import { describe, expect, it } from 'vitest'
import { BATCH_HASHES } from '../../../src/core/hashing/hash-batches.js'
import { bigBlobs, blobs, nodeMd5Base64, settle, setup } from './fake-md5-workers.js'

// The pool sending small blobs several to a message (hash-batches.ts); md5-hasher.test.ts has the rest.

describe('createMd5Hasher, small blobs', () => {
  it('sends queued small blobs several to a message, shared among the free workers, each answer to its own caller', async () => {
    const { workers, mainThread, hasher } = setup(2)
    const inputs = blobs(2 * BATCH_HASHES + 3)
    const results = inputs.map((blob) => hasher.md5Base64(blob))
    await settle()
    expect(workers).toHaveLength(2)
    // Half each (at most BATCH_HASHES), in the order asked for; the rest waits for a free worker.
    expect(workers.map((worker) => worker.sent)).toEqual([
      [{ kind: 'hashEach', hashes: inputs.slice(0, BATCH_HASHES).map((blob, i) => ({ id: i + 1, blob })) }],
      [{ kind: 'hashEach', hashes: inputs.slice(BATCH_HASHES, 2 * BATCH_HASHES).map((blob, i) => ({ id: BATCH_HASHES + i + 1, blob })) }],
    ])
    await workers[1]!.finish()
    await settle()
    expect(workers[1]!.batch!.map((job) => job.blob)).toEqual(inputs.slice(2 * BATCH_HASHES))
    await workers[1]!.finish()
    await workers[0]!.finish()
    expect(await Promise.all(results)).toEqual(await Promise.all(inputs.map(nodeMd5Base64)))
    expect(mainThread).not.toHaveBeenCalled()
    // 19 hashes in 3 messages and 3 replies.
    expect(workers.flatMap((worker) => worker.sent)).toHaveLength(3)
  })

  it('sends a blob too large to share a message, and a slice of a file, on its own, between the small ones', async () => {
    const { workers, hasher } = setup(1)
    const [big] = bigBlobs(1)
    const small = blobs(4)
    const [file] = blobs(1)
    const results = [
      hasher.md5Base64(small[0]!), hasher.md5Base64(small[1]!), hasher.md5Base64(big!),
      hasher.md5Base64(file!.slice(0, 100), undefined, { whole: file!, start: 0 }), hasher.md5Base64(small[2]!), hasher.md5Base64(small[3]!),
    ]
    for (let i = 0; i < 4; i++) {
      await settle()
      await workers[0]!.finish()
    }
    await Promise.all(results)
    expect(workers[0]!.sent.map((message) => (message.kind === 'hashEach' ? message.hashes.length : message.kind))).toEqual([2, 'hash', 'hash', 2])
  })

  it('repeats on the main thread the one hash of a message that failed, the others answered by the worker', async () => {
    const { workers, mainThread, hasher } = setup(1)
    const inputs = blobs(3)
    const results = inputs.map((blob) => hasher.md5Base64(blob))
    await settle()
    const [a, b, c] = workers[0]!.batch!
    workers[0]!.events.onMessage({
      kind: 'each',
      replies: [
        { kind: 'done', id: a!.id, md5: await nodeMd5Base64(a!.blob) },
        { kind: 'failed', id: b!.id, message: 'NotReadableError' },
        { kind: 'done', id: c!.id, md5: await nodeMd5Base64(c!.blob) },
      ],
    })
    expect(await Promise.all(results)).toEqual(await Promise.all(inputs.map(nodeMd5Base64)))
    expect(mainThread).toHaveBeenCalledTimes(1)
    expect(mainThread).toHaveBeenCalledWith(inputs[1], undefined)
  })

  it('hashes every blob of a message on the main thread when its worker errors', async () => {
    const { workers, mainThread, hasher } = setup(1)
    const inputs = blobs(3)
    const results = inputs.map((blob) => hasher.md5Base64(blob))
    await settle()
    expect(workers[0]!.batch).toHaveLength(3)
    workers[0]!.crash()
    expect(await Promise.all(results)).toEqual(await Promise.all(inputs.map(nodeMd5Base64)))
    expect(mainThread).toHaveBeenCalledTimes(3)
  })

  it('cancels one hash of a message: it rejects at once, and the worker is free only once the message is answered', async () => {
    const { workers, hasher } = setup(1)
    const [first, second, later] = blobs(3)
    const stop = new AbortController()
    const a = hasher.md5Base64(first!, stop.signal)
    const b = hasher.md5Base64(second!)
    await settle()
    const [jobA] = workers[0]!.batch!
    stop.abort(new Error('removed'))
    await expect(a).rejects.toThrow('removed')
    expect(workers[0]!.sent.at(-1)).toEqual({ kind: 'cancel', id: jobA!.id })
    const c = hasher.md5Base64(later!)
    await settle()
    expect(workers[0]!.sent.filter((message) => message.kind !== 'cancel')).toHaveLength(1)
    await workers[0]!.finish()
    await expect(b).resolves.toBe(await nodeMd5Base64(second!))
    await settle()
    expect(workers[0]!.current.blob).toBe(later)
    await workers[0]!.finish()
    await expect(c).resolves.toBe(await nodeMd5Base64(later!))
  })
})
