import { describe, expect, it, vi } from 'vitest'
import { blobMd5Base64 } from '../../../src/core/hashing/blob-md5.js'
import { createMd5Hasher, WORKER_IDLE_MS } from '../../../src/core/hashing/md5-hasher.js'
import { manualClock } from '../manual-clock.js'
import { bigBlobs, blobs, fakeWorkers, nodeMd5Base64, settle, setup } from './fake-md5-workers.js'

describe('createMd5Hasher', () => {
  it('hashes in at most `workers` workers, not on the main thread', async () => {
    const { workers, mainThread, hasher } = setup(2)
    const inputs = blobs(5)
    const results = inputs.map((blob) => hasher.md5Base64(blob))
    await settle()
    expect(workers).toHaveLength(2)
    const answered = new Set<number>()
    for (let busy = workers; busy.length > 0; busy = workers.filter((worker) => !answered.has(worker.current.id))) {
      for (const worker of busy) answered.add(worker.current.id)
      await Promise.all(busy.map((worker) => worker.finish()))
      await settle()
    }
    expect(await Promise.all(results)).toEqual(await Promise.all(inputs.map(nodeMd5Base64)))
    expect(workers).toHaveLength(2)
    expect(mainThread).not.toHaveBeenCalled()
  })

  it('tells the worker where a slice was cut from, one key per whole blob, so it reads a file as one stream', async () => {
    const { workers, hasher } = setup(1)
    const [first, second] = blobs(2)
    const jobs = [
      hasher.md5Base64(first!.slice(0, 500), undefined, { whole: first!, start: 0 }),
      hasher.md5Base64(first!.slice(500), undefined, { whole: first!, start: 500 }),
      hasher.md5Base64(second!.slice(0, 500), undefined, { whole: second!, start: 0 }),
      hasher.md5Base64(second!),
    ]
    const within = []
    for (let i = 0; i < jobs.length; i++) {
      await settle()
      within.push(workers[0]!.current.within)
      await workers[0]!.finish()
    }
    await Promise.all(jobs)
    expect(within.map((w) => w && { start: w.start, whole: w.whole })).toEqual([
      { start: 0, whole: first }, { start: 500, whole: first }, { start: 0, whole: second }, undefined,
    ])
    expect(within[0]!.key).toBe(within[1]!.key)
    expect(within[2]!.key).not.toBe(within[0]!.key)
  })

  it('sends each worker a whole blob once: later slices of it go as their place alone, with no Blob', async () => {
    const fakes = fakeWorkers()
    const { clock, advance } = manualClock()
    const hasher = createMd5Hasher({ workers: 2, loadWorker: fakes.loadWorker, hashOnMainThread: vi.fn(blobMd5Base64), clock })
    const [file, other] = blobs(2)
    const part = (whole: Blob, start: number) => hasher.md5Base64(whole.slice(start, start + 100), undefined, { whole, start })
    const answered = new Set<number>()
    // Answers every hash the live workers are on until none is left.
    const drain = async () => {
      for (;;) {
        await settle()
        const running = fakes.workers.filter((worker) => !worker.terminated && worker.current && !answered.has(worker.current.id))
        if (running.length === 0) return
        for (const worker of running) answered.add(worker.current.id)
        await Promise.all(running.map((worker) => worker.finish()))
      }
    }
    const first = [0, 100, 200, 300].map((start) => part(file!, start))
    await drain()
    await expect(Promise.all(first)).resolves.toEqual(await Promise.all([0, 100, 200, 300].map((start) => nodeMd5Base64(file!.slice(start, start + 100)))))
    const wholes = (worker: (typeof fakes.workers)[number]) =>
      worker.sent.flatMap((message) => (message.kind === 'hash' && 'within' in message ? [message.within.whole] : []))
    // Two workers, four slices of one file: each worker got the File with its first slice only.
    expect(fakes.workers).toHaveLength(2)
    for (const worker of fakes.workers) expect(wholes(worker)).toEqual([file, ...Array(wholes(worker).length - 1).fill(undefined)])
    expect(fakes.workers.flatMap((worker) => worker.sent).every((message) => !('blob' in message))).toBe(true)
    // Another file: sent again, once per worker that hashes it.
    const second = [0, 100].map((start) => part(other!, start))
    await drain()
    await Promise.all(second)
    for (const worker of fakes.workers) expect(wholes(worker).filter((whole) => whole === other)).toHaveLength(1)
    // A worker started after the idle end holds nothing: the whole goes with its first slice again.
    advance(WORKER_IDLE_MS)
    const third = part(other!, 200)
    await settle()
    expect(fakes.workers).toHaveLength(3)
    expect(wholes(fakes.workers[2]!)).toEqual([other])
    await fakes.workers[2]!.finish()
    await expect(third).resolves.toBe(await nodeMd5Base64(other!.slice(200, 300)))
  })

  it('sends the whole again with the next slice after a worker failed a hash', async () => {
    const { workers, hasher, mainThread } = setup(1)
    const [file] = blobs(1)
    const part = (start: number) => hasher.md5Base64(file!.slice(start, start + 100), undefined, { whole: file!, start })
    const first = part(0)
    await settle()
    workers[0]!.fail('no whole blob 1 was sent to this worker')
    await expect(first).resolves.toBe(await nodeMd5Base64(file!.slice(0, 100)))
    expect(mainThread).toHaveBeenCalledTimes(1)
    const second = part(100)
    await settle()
    expect(workers[0]!.sent.at(-1)).toMatchObject({ kind: 'hash', within: { start: 100, whole: file } })
    await workers[0]!.finish()
    await expect(second).resolves.toBe(await nodeMd5Base64(file!.slice(100, 200)))
  })

  it('ends its workers once they have been idle for WORKER_IDLE_MS, and starts one again for the next hash', async () => {
    const fakes = fakeWorkers()
    const { clock, advance } = manualClock()
    const hasher = createMd5Hasher({ workers: 2, loadWorker: fakes.loadWorker, hashOnMainThread: vi.fn(blobMd5Base64), clock })
    const [first, second, third] = blobs(3)
    const a = hasher.md5Base64(first!)
    const b = hasher.md5Base64(second!)
    await settle()
    await fakes.workers[0]!.finish()
    await settle()
    // One worker is idle, one still hashing: nobody ends.
    advance(WORKER_IDLE_MS)
    expect(fakes.workers.some((worker) => worker.terminated)).toBe(false)
    await fakes.workers[1]!.finish()
    await Promise.all([a, b])
    await settle()
    advance(WORKER_IDLE_MS - 1)
    expect(fakes.workers.some((worker) => worker.terminated)).toBe(false)
    // A hash asked for in time keeps them; the idle time counts again from its end.
    const c = hasher.md5Base64(third!)
    await settle()
    advance(1)
    expect(fakes.workers.some((worker) => worker.terminated)).toBe(false)
    await fakes.workers[0]!.finish()
    await expect(c).resolves.toBe(await nodeMd5Base64(third!))
    await settle()
    advance(WORKER_IDLE_MS)
    expect(fakes.workers.map((worker) => worker.terminated)).toEqual([true, true])
    const d = hasher.md5Base64(first!)
    await settle()
    expect(fakes.workers).toHaveLength(3)
    await fakes.workers[2]!.finish()
    await expect(d).resolves.toBe(await nodeMd5Base64(first!))
  })

  it('sends hashes to a worker in the order they were asked for, each answer to its own caller', async () => {
    const { workers, hasher } = setup(1)
    const inputs = bigBlobs(3)
    const results = inputs.map((blob) => hasher.md5Base64(blob))
    for (let i = 0; i < inputs.length; i++) {
      await settle()
      expect(workers[0]!.current.blob).toBe(inputs[i])
      await workers[0]!.finish()
    }
    expect(await Promise.all(results)).toEqual(await Promise.all(inputs.map(nodeMd5Base64)))
  })

  it('ignores a reply for a hash the worker is not on', async () => {
    const { workers, hasher } = setup(1)
    const [blob] = blobs(1)
    const result = hasher.md5Base64(blob!)
    await settle()
    workers[0]!.events.onMessage({ kind: 'done', id: 999, md5: 'not-this' })
    await workers[0]!.finish()
    await expect(result).resolves.toBe(await nodeMd5Base64(blob!))
  })

  it('hashes on the main thread when a worker errors mid-hash, and starts a new worker for the next', async () => {
    const { workers, mainThread, hasher } = setup(1)
    const [first, second] = bigBlobs(2)
    const a = hasher.md5Base64(first!)
    const b = hasher.md5Base64(second!)
    await settle()
    workers[0]!.crash()
    await expect(a).resolves.toBe(await nodeMd5Base64(first!))
    expect(mainThread).toHaveBeenCalledWith(first, undefined)
    expect(workers[0]!.terminated).toBe(true)
    await settle()
    expect(workers).toHaveLength(2)
    await workers[1]!.finish()
    await expect(b).resolves.toBe(await nodeMd5Base64(second!))
    expect(mainThread).toHaveBeenCalledTimes(1)
  })

  it('stops starting workers after two fail in a row (a CSP that blocks them), and hashes on the main thread', async () => {
    const { workers, mainThread, hasher } = setup(1)
    const inputs = bigBlobs(3)
    const results = inputs.map((blob) => hasher.md5Base64(blob))
    await settle()
    workers[0]!.crash()
    await settle()
    workers[1]!.crash()
    expect(await Promise.all(results)).toEqual(await Promise.all(inputs.map(nodeMd5Base64)))
    expect(workers).toHaveLength(2)
    expect(mainThread).toHaveBeenCalledTimes(3)
    const [later] = blobs(1)
    await expect(hasher.md5Base64(later!)).resolves.toBe(await nodeMd5Base64(later!))
    expect(workers).toHaveLength(2)
  })

  it('repeats on the main thread a hash the worker reports as failed, so a real read error still surfaces', async () => {
    const { workers, hasher } = setup(1)
    const [blob] = blobs(1)
    const result = hasher.md5Base64(blob!)
    await settle()
    workers[0]!.fail()
    await expect(result).resolves.toBe(await nodeMd5Base64(blob!))

    const gone = () => Promise.reject(new DOMException('gone', 'NotReadableError'))
    const unreadable = { size: 10, arrayBuffer: gone, slice: () => ({ arrayBuffer: gone }) }
    const broken = hasher.md5Base64(unreadable as unknown as Blob)
    await settle()
    workers[0]!.fail('gone')
    await expect(broken).rejects.toThrow('gone')
  })

  it.each([
    ['no Worker (loadWorker null)', { loadWorker: null }],
    ['the worker code fails to load', { loadWorker: () => Promise.reject(new Error('chunk load failed')) }],
  ])('hashes on the main thread when %s', async (_name, options) => {
    const mainThread = vi.fn(blobMd5Base64)
    const hasher = createMd5Hasher({ ...options, hashOnMainThread: mainThread })
    const inputs = blobs(2)
    expect(await Promise.all(inputs.map((blob) => hasher.md5Base64(blob)))).toEqual(await Promise.all(inputs.map(nodeMd5Base64)))
    expect(mainThread).toHaveBeenCalledTimes(2)
  })

  it('hashes on the main thread when starting a worker throws', async () => {
    const { workers, state, mainThread, hasher } = setup(2)
    state.throwOnStart = true
    const [blob] = blobs(1)
    await expect(hasher.md5Base64(blob!)).resolves.toBe(await nodeMd5Base64(blob!))
    expect(workers).toHaveLength(0)
    expect(mainThread).toHaveBeenCalledTimes(1)
  })

  it('hashes on the main thread in Node, where there is no Worker', async () => {
    const [blob] = blobs(1)
    await expect(createMd5Hasher().md5Base64(blob!)).resolves.toBe(await nodeMd5Base64(blob!))
  })

  it('drops a queued hash on abort without sending it, and cancels a running one', async () => {
    const { workers, hasher } = setup(1)
    const [first, second, third] = bigBlobs(3)
    const running = new AbortController()
    const queued = new AbortController()
    const a = hasher.md5Base64(first!, running.signal)
    const b = hasher.md5Base64(second!, queued.signal)
    const c = hasher.md5Base64(third!)
    await settle()
    queued.abort(new Error('queued stop'))
    await expect(b).rejects.toThrow('queued stop')
    running.abort(new Error('running stop'))
    await expect(a).rejects.toThrow('running stop')
    expect(workers[0]!.sent.at(-1)).toEqual({ kind: 'cancel', id: workers[0]!.current.id })
    workers[0]!.fail('aborted')
    await settle()
    expect(workers[0]!.current.blob).toBe(third)
    expect(workers[0]!.sent.filter((message) => message.kind === 'hash')).toHaveLength(2)
    await workers[0]!.finish()
    await expect(c).resolves.toBe(await nodeMd5Base64(third!))
  })

  it('rejects at once for a signal already aborted', async () => {
    const { hasher } = setup(1)
    await expect(hasher.md5Base64(new Blob(['x']), AbortSignal.abort(new Error('already')))).rejects.toThrow('already')
  })

  it('on close, terminates the workers and finishes their hashes on the main thread', async () => {
    const { workers, mainThread, hasher } = setup(1)
    const [first, second] = blobs(2)
    const a = hasher.md5Base64(first!)
    const b = hasher.md5Base64(second!)
    await settle()
    hasher.close()
    expect(workers[0]!.terminated).toBe(true)
    expect(await Promise.all([a, b])).toEqual([await nodeMd5Base64(first!), await nodeMd5Base64(second!)])
    expect(mainThread).toHaveBeenCalledTimes(2)
    workers[0]!.events.onMessage({ kind: 'done', id: 1, md5: 'late' })
    await expect(a).resolves.toBe(await nodeMd5Base64(first!))
  })

  it.each([
    [1, 1],
    [2, 2],
    [4, 3],
    [16, 4],
  ])('on a machine with %i cores, starts %i workers by default for as many queued hashes', async (cores, expected) => {
    vi.stubGlobal('navigator', { hardwareConcurrency: cores })
    try {
      const fakes = fakeWorkers()
      const hasher = createMd5Hasher({ loadWorker: fakes.loadWorker })
      for (const blob of blobs(6)) void hasher.md5Base64(blob).catch(() => {})
      await settle()
      expect(fakes.workers).toHaveLength(expected)
      hasher.close()
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
