import { describe, expect, it } from 'vitest'
import { PresignedS3Error } from '../../../src/core/errors.js'
import { retryHelps } from '../../../src/core/retry-helps.js'
import * as StorageFailure from '../../../src/core/transfer/storage-failures.js'
import { canRead, fileUnreadable, whileReadable } from '../../../src/core/transfer/unreadable-file.js'
import { goneFile } from './gone-file.js'

const live = () => new AbortController().signal

describe('canRead', () => {
  it('reads one byte of a file still on disk, and fails once it is gone', async () => {
    const picked = goneFile('hello')
    await expect(canRead(picked.file)).resolves.toBe(true)
    picked.remove()
    await expect(canRead(picked.file)).resolves.toBe(false)
    await expect(canRead(picked.file.slice(2, 4))).resolves.toBe(false)
  })

  it('reads an empty file whole: a 0-byte slice of a deleted file reads nothing and succeeds in Chromium', async () => {
    const picked = goneFile('')
    await expect(canRead(picked.file)).resolves.toBe(true)
    picked.remove()
    await expect(canRead(picked.file)).resolves.toBe(false)
  })
})

describe('whileReadable', () => {
  it('turns a request that failed without an answer into FILE_UNREADABLE when its body is gone', async () => {
    const picked = goneFile('bytes', 'photo.jpg')
    picked.remove()
    const dropped = StorageFailure.network()
    const error = await whileReadable(picked.file, 'photo.jpg', live(), () => Promise.reject(dropped)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PresignedS3Error)
    expect(error).toMatchObject({
      code: 'FILE_UNREADABLE',
      message: 'photo.jpg could not be read: it was changed, moved or deleted after it was picked. Pick it again.',
      cause: dropped,
    })
  })

  it('turns a hash that could not read the file into FILE_UNREADABLE, keeping the browser\'s error as the cause', async () => {
    const picked = goneFile('bytes')
    picked.remove()
    const error = await whileReadable(picked.file, 'photo.jpg', live(), () => picked.file.arrayBuffer()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', cause: { name: 'NotFoundError' } })
  })

  it('keeps a dropped connection a network error when the body still reads', async () => {
    const picked = goneFile('bytes')
    const dropped = StorageFailure.network()
    await expect(whileReadable(picked.file, 'photo.jpg', live(), () => Promise.reject(dropped))).rejects.toBe(dropped)
  })

  it('does not read the body after an HTTP answer, nor after an abort', async () => {
    const picked = goneFile('bytes')
    picked.remove()
    const refused = StorageFailure.http(403, 'AccessDenied')
    await expect(whileReadable(picked.file, 'photo.jpg', live(), () => Promise.reject(refused))).rejects.toBe(refused)
    const stop = new AbortController()
    stop.abort('paused')
    await expect(whileReadable(picked.file, 'photo.jpg', stop.signal, () => Promise.reject('paused'))).rejects.toBe('paused')
    expect(picked.disk.reads).toBe(0)
  })

  it('reads nothing when the call succeeds', async () => {
    const picked = goneFile('bytes')
    await expect(whileReadable(picked.file, 'photo.jpg', live(), async () => 'sent')).resolves.toBe('sent')
    expect(picked.disk.reads).toBe(0)
  })
})

describe('retryHelps', () => {
  it('is false only for a file that cannot be read again', () => {
    expect(retryHelps(fileUnreadable('a.txt'))).toBe(false)
    expect(retryHelps(StorageFailure.network())).toBe(true)
    expect(retryHelps(new Error('not ours'))).toBe(true)
    expect(retryHelps(undefined)).toBe(true)
  })
})
