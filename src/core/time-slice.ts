import type { Clock } from './clock.js'

/** How much one task may do: at most `max` items, and items only while under `budgetMs` of the clock. */
export interface SliceBudget {
  max: number
  budgetMs: number
}

/**
 * Runs `step` for the indices from `from` (below `count`), in order, within `budget`, one
 * at least so a slow clock or machine still moves on; returns the index to go on from in
 * the next task. What runs per file (a disk stat, an IndexedDB transaction) costs ten times
 * more on a busy machine than on an idle one, hence the clock beside the count.
 */
export function runSlice(count: number, from: number, budget: SliceBudget, clock: Clock, step: (index: number) => void): number {
  const deadline = clock.now() + budget.budgetMs
  const end = Math.min(count, from + budget.max)
  let index = from
  do step(index++)
  while (index < end && clock.now() < deadline)
  return index
}
