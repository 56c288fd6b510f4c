/** How the queue is kept across reloads (with `resumeAfterReload`, on by default). */
export interface PersistOptions {
  /**
   * Bytes of file data kept in this browser's IndexedDB, across every uploader of the origin,
   * so files not yet uploaded come back after a reload without being picked again.
   * A file that does not fit resumes as before: pick it again, and the message names it.
   * Default 2 GiB.
   */
  persistBudgetBytes?: number
  /** After a reload: `'ask'` (default) shows the files as "Paused: resume?"; `'auto'` resumes them at once. */
  resumeOnReload?: 'ask' | 'auto'
  /**
   * Tells this uploader's queue apart from other uploaders of the origin that use the same
   * endpoint. Default: the endpoint.
   */
  persistScope?: string
}

export const PERSIST_DEFAULTS = {
  budgetBytes: 2 * 1024 ** 3,
  /** The longest an upload may take (see the signing handler's limits); older records are dropped. */
  maxAgeMs: 24 * 60 * 60 * 1000,
} as const

/** A file from an earlier visit that was too large to keep: the user must pick it again to finish it. */
export interface RepickFile {
  id: string
  name: string
  size: number
}

/** Uppy meta set on a file brought back from the queue until the user resumes it. */
export const RESTORED_META = 'rps3Restored'

/** What decides whether, and under which scope, an uploader keeps its queue. */
export interface QueuePlace extends Pick<PersistOptions, 'persistScope'> {
  endpoint?: string | undefined
  resumeAfterReload?: boolean | undefined
}

/** Whether a queue can be kept here: in a browser with IndexedDB, unless `resumeAfterReload` is off. */
export function keepsQueueHere(options: QueuePlace): boolean {
  return options.resumeAfterReload !== false && typeof indexedDB !== 'undefined'
}

/** Which uploader's records are this one's. */
export function queueScope(options: QueuePlace): string {
  return options.persistScope ?? options.endpoint ?? ''
}
