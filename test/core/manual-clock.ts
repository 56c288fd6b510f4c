import type { Clock } from '../../src/core/clock.js'

/** A `Clock` that moves only when the test says so. */
export function manualClock() {
  let now = 0
  const timers = new Map<number, { at: number; callback: () => void }>()
  let next = 1
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.set(next, { at: now + ms, callback })
      return next++
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  }
  const advance = (ms: number) => {
    now += ms
    for (const [id, timer] of [...timers]) {
      if (timer.at <= now) {
        timers.delete(id)
        timer.callback()
      }
    }
  }
  return { clock, advance, pending: () => timers.size }
}
