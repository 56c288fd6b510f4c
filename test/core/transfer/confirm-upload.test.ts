import { randomBytes } from 'node:crypto'
import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { EndpointError, StorageError } from '../../../src/core/errors.js'
import { confirmTransfer } from '../../../src/core/transfer/confirm-upload.js'
import { uploadMultipart, type MultipartJob } from '../../../src/core/transfer/multipart-upload.js'
import { uploadSimple } from '../../../src/core/transfer/simple-upload.js'
import type { StorageTransport } from '../../../src/core/transfer/storage-transport.js'
import { ENDPOINT, mockS3, useMockS3Server } from './mock-s3.js'
import { fakeNetwork } from './fake-network.js'
import { systemClock } from '../../../src/core/clock.js'
import { createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import type { EndpointClient } from '../../../src/core/endpoint/endpoint-client.js'
import { NetworkState } from '../../../src/core/transfer/network-watch.js'
import { SigningCache } from '../../../src/core/transfer/upload-url-cache.js'
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

/**
 * The endpoint as the page sees it: unreachable while `net` is down, the mock server's otherwise.
 * The first `cuts` requests meet an outage that starts as they are sent and ends 20 ms later.
 * `tries` counts the requests that found the network down.
 */
function endpointBehind(net: ReturnType<typeof fakeNetwork>, cuts = 0) {
  const client = createBatchingClient({ endpoint: ENDPOINT })
  let tries = 0
  const reachable: EndpointClient = {
    send: async (request, signal) => (await reachable.exchange(request, signal)).reply,
    exchange: async (request, signal) => {
      if (cuts > 0) {
        cuts -= 1
        net.set(false)
        setTimeout(() => net.set(true), 20)
      }
      if (!net.watch.isOnline()) {
        tries += 1
        throw EndpointError.unreachable(new TypeError('Failed to fetch'))
      }
      return client.exchange(request, signal)
    },
    flush: () => client.flush?.(),
  }
  return { client: reachable, tries: () => tries }
}

describe('confirmUpload while offline (resilience.e2e: 2 files failed whose bytes landed just before the outage)', () => {
  async function landedFile(s3: ReturnType<typeof mockS3>) {
    const data = randomBytes(1000)
    const file = { name: 'a.bin', size: data.length, type: 'application/octet-stream' }
    const landed = await uploadSimple(s3.context({ confirm: false }), { fileId: 'a', file, data: new Blob([new Uint8Array(data)]), onProgress: () => {} }, never())
    return { file, landed }
  }

  it('waits for the network instead of using up its attempts, then confirms', async () => {
    const s3 = mockS3()
    const { file, landed } = await landedFile(s3)
    const net = fakeNetwork(false)
    const endpoint = endpointBehind(net)
    const network = new NetworkState(net.watch, () => Promise.resolve(false), systemClock)
    const context = s3.context({ cache: new SigningCache(endpoint.client, 32), network })
    const confirmed = confirmTransfer(context, file, landed, never(), true)
    await new Promise((resolve) => setTimeout(resolve, 200)) // 6 attempts at 1–5 ms backoff would all be spent by now
    expect(endpoint.tries()).toBe(0)
    net.set(true)
    await expect(confirmed).resolves.toMatchObject({ key: landed.key })
    expect(s3.storage.confirmRequests).toHaveLength(1)
  })

  it('does not count a confirm that failed as the network went down', async () => {
    const s3 = mockS3()
    const { file, landed } = await landedFile(s3)
    const net = fakeNetwork(true)
    const endpoint = endpointBehind(net, 8) // more cuts than the 6 attempts allow
    const network = new NetworkState(net.watch, () => Promise.resolve(false), systemClock)
    const context = s3.context({ cache: new SigningCache(endpoint.client, 32), network })
    await expect(confirmTransfer(context, file, landed, never(), true)).resolves.toMatchObject({ key: landed.key })
    expect(endpoint.tries()).toBe(8)
    expect(s3.storage.confirmRequests).toHaveLength(1)
  })
})
