import { describe, expect, it, vi } from 'vitest'
import { manualClock } from './manual-clock.js'
import { PublishScheduler } from '../../src/core/publish-scheduler.js'

describe('PublishScheduler', () => {
  it('folds any number of progress ticks into one publish per interval', () => {
    const { clock, advance } = manualClock()
    const flush = vi.fn()
    const scheduler = new PublishScheduler(flush, 100, clock)
    for (let tick = 0; tick < 1000; tick++) scheduler.progress()
    expect(flush).toHaveBeenCalledTimes(0)
    advance(0)
    expect(flush).toHaveBeenCalledTimes(1) // the first tick after a quiet spell goes out at once
    for (let ms = 0; ms < 1000; ms += 10) {
      for (let tick = 0; tick < 50; tick++) scheduler.progress()
      advance(10)
    }
    // 1 s of ticks at 5000/s: about one publish per 100 ms.
    expect(flush.mock.calls.length).toBeGreaterThanOrEqual(10)
    expect(flush.mock.calls.length).toBeLessThanOrEqual(11)
  })

  it('publishes urgent changes synchronously and drops the pending progress publish', () => {
    const { clock, advance, pending } = manualClock()
    const flush = vi.fn()
    const scheduler = new PublishScheduler(flush, 100, clock)
    scheduler.now()
    scheduler.progress()
    expect(pending()).toBe(1)
    scheduler.urgent()
    expect(flush).toHaveBeenCalledTimes(2)
    expect(pending()).toBe(0)
    advance(200)
    expect(flush).toHaveBeenCalledTimes(2)
  })

  it('holds publishes inside a batch and publishes once at its end', () => {
    const { clock, advance } = manualClock()
    const flush = vi.fn()
    const scheduler = new PublishScheduler(flush, 100, clock)
    scheduler.batch(() => {
      for (let index = 0; index < 1000; index++) {
        scheduler.urgent()
        scheduler.progress()
      }
      expect(flush).not.toHaveBeenCalled()
    })
    expect(flush).toHaveBeenCalledTimes(1)
    advance(500)
    expect(flush).toHaveBeenCalledTimes(1)
    scheduler.batch(() => undefined)
    expect(flush).toHaveBeenCalledTimes(1) // nothing asked to publish
  })
})
