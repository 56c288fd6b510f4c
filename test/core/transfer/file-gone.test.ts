// A picked file deleted from disk before or while it uploads: one final FILE_UNREADABLE, not a
// dropped connection retried six times; nothing left in the store (the e2e twin: file-gone.e2e).
import { randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import type { PresignedS3Error } from '../../../src/core/errors.js'
import { uploadMultipart } from '../../../src/core/transfer/multipart-upload.js'
import type { TransferNetwork } from '../../../src/core/transfer/network-watch.js'
import type { ResumeRecord } from '../../../src/core/transfer/resume-store.js'
import { uploadSimple } from '../../../src/core/transfer/simple-upload.js'
import { UploadController } from '../../../src/core/upload-controller.js'
import { goneAware, goneFile } from './gone-file.js'
import { ENDPOINT, mockS3, useMockS3Server } from './mock-s3.js'
import { multipartJob, PART } from './multipart-job.js'

useMockS3Server()

const never = () => new AbortController().signal
const UNREADABLE = 'photo.jpg could not be read: it was changed, moved or deleted after it was picked. Pick it again.'

/** A network that is always up and counts what the transfer told it. */
function countingNetwork() {
  return { isOnline: () => true, subscribe: () => () => {}, failed: vi.fn(), answered: vi.fn() } satisfies TransferNetwork
}

function simpleJob(file: File) {
  return { fileId: 'f1', file: { name: file.name, size: file.size, type: file.type }, data: file, onProgress: () => {} }
}

const puts = (s3: ReturnType<typeof mockS3>) => s3.sent.filter((request) => request.method === 'PUT')

describe('a single PUT', () => {
  it('fails at once with FILE_UNREADABLE when the file is gone before its PUT: no retry, and the network is not suspected', async () => {
    const s3 = mockS3()
    const picked = goneFile(randomBytes(1000))
    picked.remove()
    const transport = vi.fn(goneAware(s3.transport))
    const network = countingNetwork()
    const error = await uploadSimple(s3.context({ checksum: false, transport, network }), simpleJob(picked.file), never()).catch((e: PresignedS3Error) => e)
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: UNREADABLE, attempts: undefined, cause: { code: 'STORAGE_NETWORK_ERROR' } })
    expect(transport).toHaveBeenCalledTimes(1)
    expect(network.failed).not.toHaveBeenCalled()
    expect(s3.storage.objects.size).toBe(0)
  })

  it('fails with FILE_UNREADABLE when the file is gone before it is hashed, and sends nothing', async () => {
    const s3 = mockS3()
    const picked = goneFile(randomBytes(1000))
    picked.remove()
    const error = await uploadSimple(s3.context(), simpleJob(picked.file), never()).catch((e: PresignedS3Error) => e)
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: UNREADABLE, cause: { name: 'NotFoundError' } })
    expect(puts(s3)).toEqual([])
  })

  it('hashes an empty file gone from disk to the same error (a 0-byte read of it succeeds)', async () => {
    const s3 = mockS3()
    const picked = goneFile('')
    picked.remove()
    const error = await uploadSimple(s3.context({ transport: goneAware(s3.transport) }), simpleJob(picked.file), never()).catch((e: PresignedS3Error) => e)
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE' })
  })
})

describe('a multipart upload', () => {
  it('ends with FILE_UNREADABLE when a part\'s PUT fails because the file went away after the first part landed', async () => {
    const s3 = mockS3()
    const picked = goneFile(randomBytes(3 * PART))
    s3.setInject((_request, url) => {
      if (url.searchParams.get('partNumber') === '1') picked.remove()
      return undefined
    })
    const network = countingNetwork()
    const job = multipartJob(new Uint8Array(0), 1, { data: picked.file, file: { name: 'photo.jpg', size: 3 * PART, type: 'image/jpeg' } })
    const context = s3.context({ checksum: false, transport: goneAware(s3.transport), network })
    const error = await uploadMultipart(context, job, never()).catch((e: PresignedS3Error) => e)
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: UNREADABLE, attempts: undefined })
    // Part 1 landed, part 2 was tried once and part 3 never; the upload is the uploader's to abort (below).
    expect(puts(s3).map((request) => new URL(request.url).searchParams.get('partNumber'))).toEqual(['1'])
    expect([...job.state.done.keys()]).toEqual([1])
    expect(job.state.ref).toBeDefined()
    expect(network.failed).not.toHaveBeenCalled()
  })

  it('keeps the upload of an earlier visit as its own when its listed parts cannot be hashed, so the uploader aborts it', async () => {
    const s3 = mockS3()
    const picked = goneFile(randomBytes(2 * PART))
    const records = new Map<string, ResumeRecord>()
    const resume = { store: { get: (fp: string) => records.get(fp), set: (fp: string, r: ResumeRecord) => void records.set(fp, r), delete: (fp: string) => void records.delete(fp) }, fingerprint: 'fp' }
    const job = () => multipartJob(new Uint8Array(0), 1, { data: picked.file, file: { name: 'photo.jpg', size: 2 * PART, type: 'image/jpeg' }, resume })
    // The first visit: part 1 lands, then the page goes away.
    const stop = new AbortController()
    let puts = 0
    s3.setInject(() => {
      if (++puts > 2) stop.abort('reload') // create is request 1
      return undefined
    })
    await expect(uploadMultipart(s3.context(), job(), stop.signal)).rejects.toBe('reload')
    s3.setInject(() => undefined)
    const { key, uploadId } = records.get('fp')!
    // The next visit: the file is gone before its listed part is checked against it.
    picked.remove()
    const again = job()
    const error = await uploadMultipart(s3.context(), again, never()).catch((e: PresignedS3Error) => e)
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: UNREADABLE })
    expect(again.state.ref).toEqual({ key, uploadId })
    expect(s3.storage.signingRequests.filter((request) => request.operation === 'createMultipartUpload')).toHaveLength(1)
  })

  it('ends with FILE_UNREADABLE when its parts cannot be hashed, before any part is sent', async () => {
    const s3 = mockS3()
    const picked = goneFile(randomBytes(2 * PART))
    picked.remove()
    const job = multipartJob(new Uint8Array(0), 2, { data: picked.file, file: { name: 'photo.jpg', size: 2 * PART, type: 'image/jpeg' } })
    const error = await uploadMultipart(s3.context(), job, never()).catch((e: PresignedS3Error) => e)
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: UNREADABLE })
    expect(puts(s3)).toEqual([])
  })
})

describe('the uploader', () => {
  it('reports FILE_UNREADABLE once per gone file, aborts its multipart upload in the store, and lands the others byte for byte', async () => {
    const s3 = mockS3()
    const big = goneFile(randomBytes(3 * PART), 'photo.jpg')
    const small = goneFile(randomBytes(2000), 'small.jpg')
    const kept = new File([randomBytes(3000)], 'kept.txt', { type: 'text/plain' })
    small.remove()
    s3.setInject((_request, url) => {
      if (url.searchParams.get('partNumber') === '1') big.remove()
      return undefined
    })
    const errors: Array<{ code: string; file: string | undefined }> = []
    const controller = new UploadController({
      endpoint: ENDPOINT,
      transport: goneAware(s3.transport),
      multipartThreshold: PART,
      partSize: PART,
      parallelParts: 1,
      resumeAfterReload: false,
      onError: (error, file) => errors.push({ code: error.code, file: file?.name }),
    })
    const done = new Promise<void>((resolve) => controller.uppy.on('complete', () => resolve()))
    controller.addFiles([big.file, small.file, kept])
    await done
    expect(errors.sort((a, b) => a.file!.localeCompare(b.file!))).toEqual([
      { code: 'FILE_UNREADABLE', file: 'photo.jpg' },
      { code: 'FILE_UNREADABLE', file: 'small.jpg' },
    ])
    const byName = Object.fromEntries(controller.getSnapshot().files.map((file) => [file.name, file]))
    expect(byName['photo.jpg']).toMatchObject({ status: 'error', error: { code: 'FILE_UNREADABLE' } })
    expect(byName['small.jpg']).toMatchObject({ status: 'error', error: { code: 'FILE_UNREADABLE' } })
    expect(byName['kept.txt']).toMatchObject({ status: 'complete' })
    // Nothing of the gone files is left in the store: the multipart upload with its first part is aborted.
    await vi.waitFor(() => expect(s3.storage.multipartUploads.size).toBe(0))
    expect(s3.sent.filter((request) => request.method === 'DELETE')).toHaveLength(1)
    expect([...s3.storage.objects.keys()]).toEqual([byName['kept.txt']!.key])
    expect(s3.bytesOf(byName['kept.txt']!.key!).equals(Buffer.from(await kept.arrayBuffer()))).toBe(true)
    controller.destroy()
  }, 20_000)
})
