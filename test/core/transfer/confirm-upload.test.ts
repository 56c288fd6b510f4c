import { randomBytes } from 'node:crypto'
import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { EndpointError, StorageError } from '../../../src/core/errors.js'
import { confirmTransfer } from '../../../src/core/transfer/confirm-upload.js'
import { uploadMultipart, type MultipartJob } from '../../../src/core/transfer/multipart-upload.js'
import { uploadSimple } from '../../../src/core/transfer/simple-upload.js'
import type { StorageTransport } from '../../../src/core/transfer/storage-transport.js'
import { mockS3, useMockS3Server } from './mock-s3.js'
import { multipartJob, PART } from './multipart-job.js'
import * as StorageFailure from '../../../src/core/transfer/storage-failures.js'

useMockS3Server()

const never = () => new AbortController().signal

const job = (data: Buffer) => multipartJob(data, 2)

const isComplete = (method: string, url: string) => method === 'POST' && new URL(url).searchParams.has('uploadId')

describe('confirmUpload after the transfer', () => {
  it('asks the server about a landed PUT with its size and the ETag its MD5 predicts', async () => {
    const s3 = mockS3()
    const data = randomBytes(1000)
    const file = { name: 'a.bin', size: data.length, type: 'application/octet-stream' }
    const context = s3.context()
    const landed = await uploadSimple(context, { fileId: 'a', file, data: new Blob([new Uint8Array(data)]), onProgress: () => {} }, never())
    await confirmTransfer(context, file, landed, never())
    expect(s3.storage.confirmRequests).toEqual([{ operation: 'confirmUpload', key: landed.key, size: 1000, etag: s3.storage.objects.get(landed.key)!.etag }])
  })

  it('a Complete whose answer was lost and whose retry meets NoSuchUpload is settled by the confirm: the object is there', async () => {
    const s3 = mockS3()
    const base = s3.context().transport
    let lost = false
    // The store completes the upload, the answer never arrives.
    const transport: StorageTransport = async (request) => {
      const response = await base(request)
      if (!lost && isComplete(request.method, request.url)) {
        lost = true
        throw StorageFailure.network()
      }
      return response
    }
    const data = randomBytes(2 * PART + 7)
    const context = s3.context({ transport })
    const landed = await uploadMultipart(context, job(data), never())
    expect(landed.unverified).toBe(true)
    const confirmed = await confirmTransfer(context, job(data).file, landed, never())
    expect(confirmed.unverified).toBeUndefined()
    expect(s3.bytesOf(landed.key).equals(data)).toBe(true)
    expect(s3.storage.confirmRequests).toHaveLength(1)
  })

  it('the same NoSuchUpload for an upload that was aborted fails the file: nothing landed', async () => {
    const s3 = mockS3()
    let aborted = false
    s3.setInject((request, url) => {
      if (aborted || !isComplete(request.method, url.href)) return undefined
      aborted = true
      s3.storage.multipartUploads.clear() // aborted elsewhere (another tab, a lifecycle rule)
      return HttpResponse.error()
    })
    const data = randomBytes(2 * PART + 7)
    const context = s3.context()
    const landed = await uploadMultipart(context, job(data), never())
    const error = await confirmTransfer(context, job(data).file, landed, never()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EndpointError)
    expect((error as EndpointError).serverCode).toBe('UPLOAD_NOT_FOUND')
  })

  // preventOverwrite: the store took the PUT, its answer was lost, and the resend (Chromium's own
  // or ours) meets If-None-Match: * (RGW 16 and AWS: 412). Seen in prevent-overwrite-retry.e2e.
  it('a PUT refused 412 PreconditionFailed is settled by the confirm: the object holds our bytes', async () => {
    const s3 = mockS3()
    const base = s3.context().transport
    const transport: StorageTransport = async (request) => {
      const response = await base(request)
      if (request.method !== 'PUT') return response
      return { status: 412, header: () => null, text: '<Error><Code>PreconditionFailed</Code></Error>' }
    }
    const data = randomBytes(1000)
    const file = { name: 'a.bin', size: data.length, type: 'application/octet-stream' }
    const context = s3.context({ transport })
    const landed = await uploadSimple(context, { fileId: 'a', file, data: new Blob([new Uint8Array(data)]), onProgress: () => {} }, never())
    expect(landed.unverified).toBe(true)
    const confirmed = await confirmTransfer(context, file, landed, never())
    expect(confirmed.unverified).toBeUndefined()
    expect(s3.bytesOf(landed.key).equals(data)).toBe(true)
    expect(s3.storage.confirmRequests).toEqual([expect.objectContaining({ key: landed.key, etag: s3.storage.objects.get(landed.key)!.etag })])
  })

  it('without confirm, a 412 on PUT fails the file: nobody looked at the object', async () => {
    const s3 = mockS3()
    const transport: StorageTransport = async () => ({ status: 412, header: () => null, text: '<Error><Code>PreconditionFailed</Code></Error>' })
    const data = randomBytes(10)
    const file = { name: 'a.bin', size: data.length, type: 'application/octet-stream' }
    const error = await uploadSimple(s3.context({ transport, confirm: false }), { fileId: 'a', file, data: new Blob([new Uint8Array(data)]), onProgress: () => {} }, never()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageError)
    expect((error as StorageError).status).toBe(412)
  })

  it('without confirm, a NoSuchUpload after a retried Complete is not taken as success', async () => {
    const s3 = mockS3()
    let aborted = false
    s3.setInject((request, url) => {
      if (aborted || !isComplete(request.method, url.href)) return undefined
      aborted = true
      s3.storage.multipartUploads.clear()
      return HttpResponse.error()
    })
    const data = randomBytes(2 * PART + 7)
    const context = s3.context({ confirm: false })
    const landed = await uploadMultipart(context, job(data), never())
    const error = await confirmTransfer(context, job(data).file, landed, never()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageError)
    expect((error as StorageError).status).toBe(404)
  })
})
