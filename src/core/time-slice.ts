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

/**
 * Runs jobs as they come, a budget's worth per task: jobs that come together (the promises one
 * reply settles) beyond `budget` wait for the next tasks, in order. The first job of a task
 * always runs at once. `run` resolves once the job ran, or rejects with what it threw.
 */
export class TaskPacer {
  readonly #budget: SliceBudget
  readonly #clock: Clock
  readonly #waiting: Array<() => void> = []
  /** This task's share: set by its first job, cleared by a timer (the next task). */
  #task: { deadline: number; ran: number } | undefined

  constructor(budget: SliceBudget, clock: Clock) {
    this.#budget = budget
    this.#clock = clock
  }

  run(job: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        try {
          job()
          resolve()
        } catch (error) {
          reject(error)
        }
      }
      const task = this.#task ?? this.#open()
      const fits = task.ran === 0 || (task.ran < this.#budget.max && this.#clock.now() < task.deadline)
      if (this.#waiting.length > 0 || !fits) return void this.#waiting.push(settle)
      task.ran += 1
      settle()
    })
  }

  #open(): { deadline: number; ran: number } {
    const task = { deadline: this.#clock.now() + this.#budget.budgetMs, ran: 0 }
    this.#task = task
    this.#clock.setTimeout(() => this.#next(), 0)
    return task
  }

  /** A later task: the jobs that waited run within its budget, the rest in the tasks after. */
  #next(): void {
    this.#task = undefined
    if (this.#waiting.length === 0) return
    const task = this.#open()
    task.ran = runSlice(this.#waiting.length, 0, this.#budget, this.#clock, (index) => this.#waiting[index]!())
    this.#waiting.splice(0, task.ran)
  }
}
