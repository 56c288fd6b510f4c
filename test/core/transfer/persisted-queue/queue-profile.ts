import Uppy, { type Body, type Meta } from '@uppy/core'
import { IDBFactory } from 'fake-indexeddb'
import { vi } from 'vitest'
import { systemClock } from '../../../../src/core/clock.js'
import { startPersistedQueue, type QueueSettings } from '../../../../src/core/transfer/persisted-queue/persisted-queue.js'
import { openQueueDb } from '../../../../src/core/transfer/persisted-queue/queue-db.js'

export const DAY = 24 * 60 * 60 * 1000

/** One browser profile: its IndexedDB outlives every "page" (Uppy instance) opened on it. */
export function profile() {
  const factory = new IDBFactory()
  const openDb = () => openQueueDb(factory)
  const page = async (overrides: Partial<QueueSettings> = {}) => {
    const uppy = new Uppy<Meta, Body>({ autoProceed: false })
    uppy.setState({ capabilities: { ...uppy.getState().capabilities, resumableUploads: true } })
    const settings: QueueSettings = {
      scope: '/api/s3',
      budgetBytes: 1000,
      maxAgeMs: DAY,
      resumeOnReload: 'ask',
      clock: systemClock,
      onRepick: vi.fn(),
      onRestored: vi.fn(),
      openDb,
      warn: vi.fn(),
      ...overrides,
    }
    const queue = await startPersistedQueue(uppy, settings)
    return { uppy, queue, settings }
  }
  const stored = async () => (await (await openDb()).all()).map((record) => [record.name, record.data ? 'with data' : 'name only'])
  return { page, stored, openDb }
}

export const file = (name: string, size: number, lastModified = 1_700_000_000_000) =>
  new File([new Uint8Array(size).fill(7)], name, { type: 'application/octet-stream', lastModified })
export const add = (uppy: Uppy<Meta, Body>, data: File) => uppy.addFile({ name: data.name, type: data.type, data, source: 'test' })
/** IndexedDB settles in its own tasks. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20))
