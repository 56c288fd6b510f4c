import { IDBDatabase, IDBObjectStore } from 'fake-indexeddb'
import { describe, expect, it, vi } from 'vitest'
import { systemClock, type Clock } from '../../../../src/core/clock.js'
import { RESTORED_META } from '../../../../src/core/transfer/persisted-queue/options.js'
import type { QueueDb } from '../../../../src/core/transfer/persisted-queue/queue-db.js'
import { deriveSnapshot, FileViews } from '../../../../src/core/upload-state.js'
import { add, DAY, file, profile, settle } from './queue-profile.js'

describe('the persisted queue', () => {
  it('keeps added files with their data and forgets them once they land or are removed', async () => {
    const browser = profile()
    const { uppy } = await browser.page()
    const a = add(uppy, file('a.bin', 10))
    const b = add(uppy, file('b.bin', 20))
    add(uppy, file('c.bin', 30))
    await settle()
    expect(await browser.stored()).toEqual(expect.arrayContaining([['a.bin', 'with data'], ['b.bin', 'with data'], ['c.bin', 'with data']]))
    uppy.emit('upload-success', uppy.getFile(a), { status: 200, body: {}, uploadURL: 'x' })
    uppy.removeFile(b)
    await settle()
    expect(await browser.stored()).toEqual([['c.bin', 'with data']])
    uppy.cancelAll()
    await settle()
    expect(await browser.stored()).toEqual([])
  })

  it('brings the files back after a reload, paused as "resumable", with their bytes; or resuming with auto', async () => {
    const browser = profile()
    const first = await browser.page()
    add(first.uppy, file('a.bin', 10))
    await settle()
    // The tab closes: nothing is removed.
    const second = await browser.page()
    const [restored] = second.uppy.getFiles()
    expect(restored).toMatchObject({ name: 'a.bin', isPaused: true, meta: { [RESTORED_META]: true } })
    expect(new Uint8Array(await (restored!.data as Blob).arrayBuffer())).toEqual(new Uint8Array(10).fill(7))
    expect(deriveSnapshot(second.uppy.getState(), new Map(), new FileViews(), []).files[0]!.status).toBe('resumable')
    expect(second.settings.onRestored).toHaveBeenCalledTimes(1)
    // Resuming clears the flag, and the record stays until the file lands.
    second.uppy.pauseResume(restored!.id)
    expect(second.uppy.getFile(restored!.id).meta[RESTORED_META]).toBe(false)
    await settle()
    expect(await browser.stored()).toEqual([['a.bin', 'with data']])
    second.queue!.detach()

    const third = await browser.page({ resumeOnReload: 'auto' })
    const [again] = third.uppy.getFiles()
    expect(again).toMatchObject({ name: 'a.bin' })
    expect(again!.isPaused).toBeFalsy()
    expect(again!.meta[RESTORED_META]).toBeUndefined()
  })

  it('keeps a file over the budget by name only, asks for it again after the reload, and resumes when it is picked', async () => {
    const browser = profile()
    const first = await browser.page({ budgetBytes: 100 })
    add(first.uppy, file('small.bin', 60))
    add(first.uppy, file('big.bin', 50)) // 60 + 50 > 100
    await settle()
    expect(await browser.stored()).toEqual(expect.arrayContaining([['small.bin', 'with data'], ['big.bin', 'name only']]))
    const second = await browser.page({ budgetBytes: 100 })
    expect(second.uppy.getFiles().map((f) => f.name)).toEqual(['small.bin'])
    expect(second.settings.onRepick).toHaveBeenLastCalledWith([expect.objectContaining({ name: 'big.bin', size: 50 })])
    add(second.uppy, file('big.bin', 50))
    expect(second.settings.onRepick).toHaveBeenLastCalledWith([])
  })

  it('drops records older than the longest upload age', async () => {
    const browser = profile()
    let now = 1_000_000
    const clock: Clock = { ...systemClock, now: () => now }
    const first = await browser.page({ clock })
    add(first.uppy, file('old.bin', 10))
    await settle()
    now += DAY + 1
    const second = await browser.page({ clock })
    expect(second.uppy.getFiles()).toEqual([])
    await settle()
    expect(await browser.stored()).toEqual([])
  })

  it('without IndexedDB, or when the quota is full, warns once and goes on without keeping files', async () => {
    const browser = profile()
    const broken = await browser.page({ openDb: () => Promise.reject(new DOMException('private mode', 'InvalidStateError')) })
    expect(broken.queue).toBeUndefined()
    expect(broken.settings.warn).toHaveBeenCalledTimes(1)

    const db = await browser.openDb()
    const full: QueueDb = {
      ...db,
      // A quota error aborts the whole transaction.
      put: (records) => (records.some((record) => record.data) ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : db.put(records)),
    }
    const { uppy, settings } = await browser.page({ openDb: async () => full })
    add(uppy, file('a.bin', 10))
    add(uppy, file('b.bin', 10))
    await settle()
    expect(settings.warn).toHaveBeenCalledTimes(1)
    expect(settings.warn).toHaveBeenCalledWith(expect.stringContaining('a.bin'))
    expect(await browser.stored()).toEqual(expect.arrayContaining([['a.bin', 'name only'], ['b.bin', 'name only']]))
  })

  it('writes a large batch over later tasks, not in the one that adds it, and skips files that landed first', async () => {
    const browser = profile()
    const { uppy } = await browser.page({ budgetBytes: 10_000 })
    const put = vi.spyOn(IDBObjectStore.prototype, 'put')
    const picked = Array.from({ length: 450 }, (_, index) => file(`f${index}.bin`, 1))
    uppy.addFiles(picked.map((data) => ({ name: data.name, type: data.type, data, source: 'test' })))
    expect(put).not.toHaveBeenCalled()
    const [first] = uppy.getFiles()
    uppy.emit('upload-success', first, { status: 200, body: {}, uploadURL: 'x' })
    await vi.waitFor(async () => expect(await browser.stored()).toHaveLength(449), { timeout: 5000 })
    expect((await browser.stored()).map(([name]) => name)).not.toContain(first!.name)
    put.mockRestore()
  })

  it('forgets the files that landed in one task in one transaction, and keeps a file added again', async () => {
    const browser = profile()
    const { uppy } = await browser.page({ budgetBytes: 10_000 })
    const ids = ['a', 'b', 'c', 'd', 'e'].map((name) => add(uppy, file(`${name}.bin`, 1)))
    await settle()
    expect(await browser.stored()).toHaveLength(5)
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
    for (const id of ids.slice(0, 4)) uppy.emit('upload-success', uppy.getFile(id), { status: 200, body: {}, uploadURL: 'x' })
    const removed = uppy.getFile(ids[4]!)
    uppy.removeFile(removed.id)
    add(uppy, removed.data as File)
    await settle()
    expect(transaction.mock.calls.filter(([, mode]) => mode === 'readwrite')).toHaveLength(2) // the deletes, then e.bin anew
    expect(await browser.stored()).toEqual([['e.bin', 'with data']])
    transaction.mockRestore()
  })

  it('writes for a few milliseconds per task (one record at least), and every record of batches added meanwhile in the end', async () => {
    const browser = profile()
    // Each reading of the clock is 5 ms later: the 8 ms budget holds one record per task.
    let now = 1_700_000_000_000
    const clock: Clock = { ...systemClock, now: () => (now += 5), setTimeout: vi.fn(systemClock.setTimeout) }
    const { uppy } = await browser.page({ budgetBytes: 10_000, clock })
    const put = vi.spyOn(IDBObjectStore.prototype, 'put')
    const batch = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => file(`f${from + index}.bin`, 1)).map((data) => ({ name: data.name, type: data.type, data, source: 'test' }))
    uppy.addFiles(batch(0, 12))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(put).toHaveBeenCalledTimes(1)
    uppy.addFiles(batch(12, 8))
    await vi.waitFor(async () => expect(await browser.stored()).toHaveLength(20), { timeout: 5000 })
    expect(put).toHaveBeenCalledTimes(20)
    expect(clock.setTimeout).toHaveBeenCalledTimes(20)
    put.mockRestore()
  })
})

