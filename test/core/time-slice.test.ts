import { expect, it } from 'vitest'
import { systemClock, type Clock } from '../../src/core/clock.js'
import { runSlice } from '../../src/core/time-slice.js'

/** A clock that is `stepMs` later at each reading. */
const ticking = (stepMs: number): Clock => {
  let now = 0
  return { ...systemClock, now: () => (now += stepMs) }
}

it('runs items in order up to the count, the most per task, or the time budget, and one at least', () => {
  const ran: number[] = []
  const step = (index: number) => ran.push(index)
  expect(runSlice(10, 0, { max: 4, budgetMs: 100 }, ticking(0), step)).toBe(4)
  expect(runSlice(10, 4, { max: 100, budgetMs: 100 }, ticking(0), step)).toBe(10)
  expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  // 3 ms per reading against 8 ms: the deadline is read at 3, then items run until the clock reads 11.
  expect(runSlice(100, 0, { max: 100, budgetMs: 8 }, ticking(3), () => {})).toBe(3)
  // A clock already past the budget still moves on by one.
  expect(runSlice(100, 7, { max: 100, budgetMs: 0 }, ticking(50), () => {})).toBe(8)
})
