import { expect, it } from 'vitest'
import { systemClock, type Clock } from '../../src/core/clock.js'
import { runSlice, TaskPacer } from '../../src/core/time-slice.js'
import { manualClock } from './manual-clock.js'

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

it('paces jobs that come together: a budget\'s worth per task, the rest in later tasks, in order', async () => {
  const { clock, advance, pending } = manualClock()
  const pacer = new TaskPacer({ max: 3, budgetMs: 8 }, clock)
  const ran: number[] = []
  const done = Array.from({ length: 8 }, (_, index) => pacer.run(() => ran.push(index)))
  expect(ran).toEqual([0, 1, 2]) // at once, as before pacing
  advance(0)
  expect(ran).toEqual([0, 1, 2, 3, 4, 5])
  advance(0)
  expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  await Promise.all(done)
  advance(0)
  expect(pending()).toBe(0)
  // A later task has its budget back, and its first job runs at once.
  void pacer.run(() => ran.push(8))
  expect(ran.at(-1)).toBe(8)
})

it('paces by time too, one job a task at least, and passes on what a job throws', async () => {
  let now = 0
  const timers: Array<() => void> = []
  const slowClock = { now: () => (now += 5), setTimeout: (callback: () => void) => timers.push(callback), clearTimeout: () => {} }
  const pacer = new TaskPacer({ max: 100, budgetMs: 8 }, slowClock)
  const ran: number[] = []
  for (let index = 0; index < 6; index++) void pacer.run(() => ran.push(index))
  // The budget is read at 5 (deadline 13); the second job at 10 fits, the third at 15 does not.
  expect(ran).toEqual([0, 1])
  timers.shift()!()
  expect(ran.length).toBeGreaterThan(2)
  expect(ran.length).toBeLessThan(6)
  while (timers.length > 0) timers.shift()!()
  expect(ran).toEqual([0, 1, 2, 3, 4, 5])
  await expect(pacer.run(() => {
    throw new Error('listener failed')
  })).rejects.toThrow('listener failed')
})
