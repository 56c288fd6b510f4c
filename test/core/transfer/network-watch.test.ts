import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../../src/core/clock.js'
import { NetworkState } from '../../../src/core/transfer/network-watch.js'
import { callWithRetry, resolveRetryOptions } from '../../../src/core/transfer/retry.js'
import type { SignedRequest } from '../../../src/protocol/messages.js'
import * as StorageFailure from '../../../src/core/transfer/storage-failures.js'
import { fakeNetwork } from './fake-network.js'

const signed = (): SignedRequest => ({
  method: 'PUT',
  url: 'https://s3.test/k',
  headers: {},
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
})
const dropped = () => StorageFailure.network()
const options = resolveRetryOptions({ attempts: 2, baseDelayMs: 100, maxDelayMs: 100 })
const unreachableProbe = () => Promise.resolve(false)

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('callWithRetry while offline', () => {
  it('waits while the network is down, sends nothing, and goes on when it is back', async () => {
    const net = fakeNetwork(false)
    const network = new NetworkState(net.watch, unreachableProbe, systemClock)
    const send = vi.fn(async () => 'ok')
    const done = callWithRetry({ sign: async () => signed(), send }, options, new AbortController().signal, systemClock, network)
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(send).not.toHaveBeenCalled()
    net.set(true)
    await expect(done).resolves.toBe('ok')
    expect(net.listeners.size).toBe(0)
  })

  it('cuts a request in flight when the network goes down and sends it again on reconnect, using up no attempt', async () => {
    const net = fakeNetwork(true)
    const network = new NetworkState(net.watch, unreachableProbe, systemClock)
    const seen: AbortSignal[] = []
    const send = vi.fn(
      (_signed: SignedRequest, signal: AbortSignal, sends: number) =>
        new Promise<string>((resolve, reject) => {
          seen.push(signal)
          if (sends > 2) return resolve('ok')
          signal.addEventListener('abort', () => reject(signal.reason))
        }),
    )
    const done = callWithRetry({ sign: async () => signed(), send }, options, new AbortController().signal, systemClock, network)
    for (let cut = 0; cut < 2; cut++) {
      await vi.advanceTimersByTimeAsync(0)
      net.set(false)
      await vi.advanceTimersByTimeAsync(60_000)
      net.set(true)
    }
    await expect(done).resolves.toBe('ok') // three sends with attempts: 2: the cut ones did not count
    expect(send).toHaveBeenCalledTimes(3)
    expect(seen.slice(0, 2).every((signal) => signal.aborted)).toBe(true)
  })

  it('does not count failures that came with the network going down', async () => {
    const net = fakeNetwork(true)
    const network = new NetworkState(net.watch, unreachableProbe, systemClock)
    let sends = 0
    const send = vi.fn(async () => {
      sends += 1
      if (sends <= 4) {
        net.set(false) // the browser notices just as the request fails
        throw dropped()
      }
      return 'ok'
    })
    const done = callWithRetry({ sign: async () => signed(), send }, options, new AbortController().signal, systemClock, network)
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(1000)
      net.set(true)
    }
    await expect(done).resolves.toBe('ok')
  })

  it('still ends in an error when only the store fails and the network is up', async () => {
    const net = fakeNetwork(true)
    const network = new NetworkState(net.watch, () => Promise.resolve(true), systemClock)
    const send = vi.fn(async () => {
      throw dropped()
    })
    const done = callWithRetry({ sign: async () => signed(), send }, options, new AbortController().signal, systemClock, network)
    const settled = expect(done).rejects.toMatchObject({ code: 'STORAGE_NETWORK_ERROR', attempts: 2 })
    await vi.advanceTimersByTimeAsync(1000)
    await settled
  })
})

describe('NetworkState fallback: every request fails though the browser says online', () => {
  it('counts the network as down after requests in a row get no answer and a probe gets none either, and up after a probe is answered', async () => {
    const net = fakeNetwork(true)
    let reachable = false
    const probe = vi.fn(async () => reachable)
    const network = new NetworkState(net.watch, probe, systemClock)
    const changes = vi.fn()
    network.subscribe(changes)
    network.failed()
    network.failed()
    expect(probe).not.toHaveBeenCalled()
    network.failed()
    await vi.advanceTimersByTimeAsync(0)
    expect(network.isOnline()).toBe(false)
    expect(changes).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(probe).toHaveBeenCalledTimes(2)
    expect(network.isOnline()).toBe(false)
    reachable = true
    await vi.advanceTimersByTimeAsync(2000) // probes back off: 1 s, then 2 s
    expect(probe).toHaveBeenCalledTimes(3)
    expect(network.isOnline()).toBe(true)
    expect(changes).toHaveBeenCalledTimes(2)
  })

  it('stays up when the probe is answered (the store alone fails), and when any request is answered', async () => {
    const probe = vi.fn(async () => true)
    const network = new NetworkState(fakeNetwork(true).watch, probe, systemClock)
    for (let i = 0; i < 3; i++) network.failed()
    await vi.advanceTimersByTimeAsync(0)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(network.isOnline()).toBe(true)
    network.failed()
    network.answered()
    network.failed()
    network.failed()
    expect(probe).toHaveBeenCalledTimes(1)
  })
})
