import { describe, expect, it } from 'vitest'
import { HashAhead } from '../../../src/core/hashing/hash-ahead.js'
import type { Md5Hasher } from '../../../src/core/hashing/md5-hasher.js'

/** A hasher whose hashes the test finishes; records what was started and what was aborted. */
function manualHasher() {
  const calls: { blob: Blob; signal: AbortSignal | undefined; finish(md5: string): void }[] = []
  const hasher: Md5Hasher = {
    md5Base64: (blob, signal) =>
      new Promise<string>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason))
        calls.push({ blob, signal, finish: resolve })
      }),
    close() {},
  }
  return { hasher, calls }
}

const parts = new Map([1, 2, 3, 4].map((n) => [n, new Blob([`part ${n}`])]))

describe('HashAhead', () => {
  it('starts hashes ahead in order, once each, and hands each to whoever takes it', async () => {
    const { hasher, calls } = manualHasher()
    const ahead = new HashAhead(hasher, (n: number) => parts.get(n)!)
    ahead.ahead([1, 2, 3])
    ahead.ahead([2, 3, 4])
    expect(calls.map((call) => call.blob)).toEqual([1, 2, 3, 4].map((n) => parts.get(n)))
    const two = ahead.take(2, new AbortController().signal)
    calls[1]!.finish('md5-of-2')
    await expect(two).resolves.toBe('md5-of-2')
    expect(calls).toHaveLength(4)
  })

  it('starts a hash on take when none was started ahead', async () => {
    const { hasher, calls } = manualHasher()
    const ahead = new HashAhead(hasher, (n: number) => parts.get(n)!)
    const one = ahead.take(1, new AbortController().signal)
    expect(calls.map((call) => call.blob)).toEqual([parts.get(1)])
    calls[0]!.finish('md5-of-1')
    await expect(one).resolves.toBe('md5-of-1')
    // Taken means forgotten: a later take of the same part hashes again.
    ahead.take(1, new AbortController().signal)
    expect(calls).toHaveLength(2)
  })

  it('stops a taken hash when its signal aborts, and every hash not taken on clear', async () => {
    const { hasher, calls } = manualHasher()
    const ahead = new HashAhead(hasher, (n: number) => parts.get(n)!)
    ahead.ahead([1, 2, 3])
    const stop = new AbortController()
    const one = ahead.take(1, stop.signal)
    stop.abort(new Error('cancelled'))
    await expect(one).rejects.toThrow('cancelled')
    ahead.clear()
    expect(calls.map((call) => call.signal?.aborted)).toEqual([true, true, true])
  })
})
