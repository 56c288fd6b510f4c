import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { delay, http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { S3Uploader, type PresignedS3Error } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server, unhandled } = useMswServer()

const BUCKET = 'https://bucket.s3.test/:key'

/** Answers the first `count` PUTs with `reply`, then lets them through to the mock bucket. */
function failFirstPuts(count: number, reply: () => Response | Promise<Response>) {
  let left = count
  return http.put(BUCKET, () => (left-- > 0 ? reply() : undefined))
}

function setup(handlers: Parameters<typeof server.use>, retry = { baseDelayMs: 5, maxDelayMs: 20, stallTimeoutMs: 200, attempts: 3 }) {
  server.use(...handlers)
  const onError = vi.fn<(error: PresignedS3Error, file: unknown) => void>()
  const onUploadComplete = vi.fn()
  render(<S3Uploader endpoint="/api/s3" retry={retry} onError={onError} onUploadComplete={onUploadComplete} />)
  const pick = (...files: File[]) => userEvent.setup().upload(screen.getByLabelText('Files to upload'), files)
  return { onError, onUploadComplete, pick }
}

const photo = () => new File(['hello world'], 'photo.png', { type: 'image/png' })
const s3Error = (status: number, code: string) =>
  new HttpResponse(`<Error><Code>${code}</Code></Error>`, { status, headers: { 'content-type': 'application/xml' } })

async function rowStatus(name: string, status: string) {
  const row = (await screen.findByText(name)).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', status))
  return row
}

describe('S3Uploader on a bad network', () => {
  it('re-signs after a 403 from an expired URL and completes the file', async () => {
    const storage = createMockStorage()
    const { onError, onUploadComplete, pick } = setup([failFirstPuts(1, () => s3Error(403, 'AccessDenied')), ...storage.handlers])
    await pick(photo())
    await rowStatus('photo.png', 'complete')
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalledTimes(1))
    expect(storage.signingRequests.map((request) => request.operation)).toEqual(['putObject', 'putObject'])
    expect(storage.objects.size).toBe(1)
    expect(onError).not.toHaveBeenCalled()
  })

  it('backs off on 503 SlowDown and sends again with the same URL', async () => {
    const storage = createMockStorage()
    const { onError, pick } = setup([failFirstPuts(2, () => s3Error(503, 'SlowDown')), ...storage.handlers])
    await pick(photo())
    await rowStatus('photo.png', 'complete')
    expect(storage.signingRequests).toHaveLength(1)
    expect([...storage.objects.keys()]).toHaveLength(1)
    expect(onError).not.toHaveBeenCalled()
  })

  it('does not leave a file "uploading" forever when the store never answers', async () => {
    const storage = createMockStorage()
    const { onError, pick } = setup([http.put(BUCKET, () => delay('infinite')), ...storage.handlers])
    await pick(photo())
    const row = await rowStatus('photo.png', 'error')
    expect(row).toHaveTextContent(/stopped making progress/)
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1))
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'STORAGE_STALLED' })
    expect(unhandled).not.toHaveBeenCalled()
  })

  it('gives up with a typed error after the configured attempts', async () => {
    const storage = createMockStorage()
    let puts = 0
    const always500 = http.put(BUCKET, () => {
      puts += 1
      return s3Error(500, 'InternalError')
    })
    const { onError, pick } = setup([always500, ...storage.handlers])
    await pick(photo())
    await rowStatus('photo.png', 'error')
    expect(puts).toBe(3)
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'STORAGE_HTTP_ERROR', status: 500, storageCode: 'InternalError' })
    expect(screen.getByText(/after 3 attempts/)).toBeVisible()
  })
})
