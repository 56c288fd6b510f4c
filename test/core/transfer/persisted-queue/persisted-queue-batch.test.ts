import type { Body, Meta, Uppy } from '@uppy/core'
import { IDBDatabase } from 'fake-indexeddb'
import { describe, expect, it, vi } from 'vitest'
import type { PersistedFile, QueueDb } from '../../../../src/core/transfer/persisted-queue/queue-db.js'
import { file, profile, settle } from './queue-profile.js'

const addAll = (uppy: Uppy<Meta, Body>, names: string[], size = 10) =>
  uppy.addFiles(names.map((name) => file(name, size)).map((data) => ({ name: data.name, type: data.type, data, source: 'test' })))
const bytes = (records: readonly PersistedFile[]) => records.reduce((total, record) => total + (record.data?.size ?? 0), 0)

describe('the persisted queue writes a slice of files in one transaction', () => {
  it('keeps every file of a batch with its data in one readwrite transaction, not one per file', async () => {
    const browser = profile()
    const { uppy } = await browser.page()
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
    addAll(uppy, ['a.bin', 'b.bin', 'c.bin', 'd.bin', 'e.bin'])
    await settle()
    expect(transaction.mock.calls.filter(([, mode]) => mode === 'readwrite')).toHaveLength(1)
    transaction.mockRestore()
    expect(await browser.stored()).toEqual(expect.arrayContaining(['a', 'b', 'c', 'd', 'e'].map((name) => [`${name}.bin`, 'with data'])))
  })

  it('when the quota aborts the transaction, writes file by file: what fits keeps its data, the first refused is warned about once, the rest by name', async () => {
    const browser = profile()
    const db = await browser.openDb()
    // 25 bytes of quota: a transaction that would pass it aborts whole, as IndexedDB's does.
    let quota = 25
    const full: QueueDb = {
      ...db,
      put: (records) => {
        if (bytes(records) > quota) return Promise.reject(new DOMException('full', 'QuotaExceededError'))
        quota -= bytes(records)
        return db.put(records)
      },
    }
    const { uppy, settings } = await browser.page({ openDb: async () => full })
    addAll(uppy, ['a.bin', 'b.bin', 'c.bin', 'd.bin'])
    await settle()
    expect(await browser.stored()).toEqual(expect.arrayContaining([['a.bin', 'with data'], ['b.bin', 'with data'], ['c.bin', 'name only'], ['d.bin', 'name only']]))
    expect(await browser.stored()).toHaveLength(4)
    expect(settings.warn).toHaveBeenCalledTimes(1)
    expect(settings.warn).toHaveBeenCalledWith(expect.stringContaining('c.bin'))
  })

  it('after an aborted transaction counts only what it kept against the budget, and does not write back a file that landed meanwhile', async () => {
    const browser = profile()
    const db = await browser.openDb()
    let abort: ((error: Error) => void) | undefined
    const flaky: QueueDb = {
      ...db,
      // The first transaction of several records aborts once the test says so; the rest go through.
      put: (records) => (records.length > 1 && !abort ? new Promise((_, reject) => (abort = reject)) : db.put(records)),
    }
    const { uppy, settings } = await browser.page({ openDb: async () => flaky, budgetBytes: 30 })
    addAll(uppy, ['a.bin', 'b.bin', 'c.bin'])
    await vi.waitFor(() => expect(abort).toBeDefined())
    const [a] = uppy.getFiles()
    uppy.emit('upload-success', a, { status: 200, body: {}, uploadURL: 'x' })
    abort!(new DOMException('the tab is closing', 'AbortError'))
    await settle()
    expect(await browser.stored()).toEqual(expect.arrayContaining([['b.bin', 'with data'], ['c.bin', 'with data']]))
    expect(await browser.stored()).toHaveLength(2)
    expect(settings.warn).not.toHaveBeenCalled()
    // b and c hold 20 of the 30 bytes: one more 10-byte file fits with its data, the next does not.
    addAll(uppy, ['d.bin', 'e.bin'])
    await settle()
    expect(await browser.stored()).toEqual(expect.arrayContaining([['d.bin', 'with data'], ['e.bin', 'name only']]))
  })

  it('keeps a file that is already uploading when its turn to be written comes: a reload may come before it lands', async () => {
    const browser = profile()
    const { uppy } = await browser.page()
    addAll(uppy, ['a.bin', 'b.bin'])
    const [a] = uppy.getFiles()
    uppy.setFileState(a!.id, { progress: { ...a!.progress, uploadStarted: Date.now(), bytesUploaded: 5 } })
    await settle()
    expect(await browser.stored()).toEqual(expect.arrayContaining([['a.bin', 'with data'], ['b.bin', 'with data']]))
    const second = await browser.page()
    expect(second.uppy.getFiles().map((restored) => restored.name).sort()).toEqual(['a.bin', 'b.bin'])
  })
})
