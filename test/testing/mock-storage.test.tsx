// The testing helpers as a host app uses them: render the real widget in jsdom
// against createMockStorage, then assert what the mock bucket holds. Whole
// multipart uploads through the mock run in test/host (6 and 12 MiB, on MSW 2
// and 3); the mock's multipart path is checked request by request in
// test/testing/mock-writes.test.ts, and against Ceph RGW in test/e2e.
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { S3Uploader } from '../../src/react/index.js'
import { createMockStorage, type MockCall, type MockStorageOptions } from '../../src/testing/index.js'

const MiB = 1024 * 1024
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function bytes(size: number): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(size)
  for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) % 251
  return data
}

function setup(options: MockStorageOptions = {}, props: Partial<Parameters<typeof S3Uploader>[0]> = {}) {
  const storage = createMockStorage(options)
  server.use(...storage.handlers)
  const onUploadComplete = vi.fn()
  const onError = vi.fn()
  render(
    <S3Uploader
      endpoint="/api/s3"
      multipartThreshold={5 * MiB}
      partSize={5 * MiB}
      retry={{ baseDelayMs: 5, maxDelayMs: 20, attempts: 4 }}
      onUploadComplete={onUploadComplete}
      onError={onError}
      {...props}
    />,
  )
  const pick = (...files: File[]) => userEvent.setup().upload(screen.getByLabelText('Files to upload'), files)
  return { storage, pick, onUploadComplete, onError }
}

const rowOf = async (name: string) => (await screen.findByText(name)).closest('li')!

describe('createMockStorage', () => {
  it('lets a test inject store failures, which the widget retries through', async () => {
    const failed: MockCall[] = []
    let left = 2
    const { storage, pick, onUploadComplete } = setup({
      fault: (call) => {
        if (call !== 'putObject' || left-- <= 0) return undefined
        failed.push(call)
        return new HttpResponse('<Error><Code>SlowDown</Code></Error>', { status: 503 })
      },
    })
    await pick(new File(['hello'], 'a.txt', { type: 'text/plain' }))
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalled())
    expect(failed).toEqual(['putObject', 'putObject'])
    expect(storage.objects.size).toBe(1)
  })

  // Issue 12: the server refuses a 0-byte multipart upload (its one part URL would be an empty UploadPart).
  it('sends an empty file by putObject whatever the multipart threshold', async () => {
    const calls: MockCall[] = []
    const { storage, pick, onUploadComplete } = setup({ fault: (call) => void calls.push(call) }, { multipartThreshold: -1 })
    await pick(new File([], 'empty.txt', { type: 'text/plain' }))
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalled())
    expect(calls.filter((call) => call !== 'sign')).toEqual(['putObject'])
    expect(storage.objects.size).toBe(1)
  })

  it('refuses a body that does not match its Content-MD5, or its signed size, as S3 does', async () => {
    const storage = createMockStorage({ endpoint: 'https://app.test/api/s3' })
    server.use(...storage.handlers)
    const file = { name: 'a.txt', size: 5, type: 'text/plain' }
    const signing = await fetch('https://app.test/api/s3', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'putObject', file }),
    })
    const { url, headers } = (await signing.json()) as { url: string; headers: Record<string, string> }
    const put = (body: string, md5?: string) =>
      fetch(url, { method: 'PUT', headers: { ...headers, ...(md5 ? { 'content-md5': md5 } : {}) }, body })
    // base64 MD5 of "hello" is XUFAKrxLKna5cZ2REBfFkg==; of "hellO" it is not.
    expect((await put('hellO', 'XUFAKrxLKna5cZ2REBfFkg==')).status).toBe(400)
    expect((await put('hello!')).status).toBe(403)
    expect(storage.objects.size).toBe(0)
    expect((await put('hello', 'XUFAKrxLKna5cZ2REBfFkg==')).status).toBe(200)
    expect(storage.objects.size).toBe(1)
  })

  it('answers an abort: cancelling a multipart upload leaves nothing behind', async () => {
    let releaseParts: () => void = () => {}
    const partsHeld = new Promise<void>((resolve) => (releaseParts = resolve))
    const { storage, pick } = setup({
      fault: async (call) => {
        if (call === 'uploadPart') await partsHeld
        return undefined
      },
    })
    await pick(new File([bytes(11 * MiB)], 'big.bin', { type: 'application/octet-stream' }))
    await waitFor(() => expect(storage.multipartUploads.size).toBe(1))
    const row = await rowOf('big.bin')
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'uploading'))
    await userEvent.click(within(row).getByRole('button', { name: 'Cancel big.bin' }))
    releaseParts()
    await waitFor(() => expect(storage.multipartUploads.size).toBe(0))
    expect(storage.signingRequests.map((request) => request.operation)).toContain('abortMultipartUpload')
    expect(storage.objects.size).toBe(0)
  })

  it('counts HTTP calls: a batch of signing requests reaches the endpoint once', async () => {
    const { storage, pick, onUploadComplete } = setup()
    await pick(...['1', '2', '3', '4'].map((n) => new File([n], `${n}.txt`, { type: 'text/plain' })))
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalled())
    expect(storage.signingRequests.filter((request) => request.operation === 'putObject')).toHaveLength(4)
    expect(storage.endpointCalls()).toBeLessThan(4)
  })
})
