import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { EndpointError, S3Uploader, StorageError, type PresignedS3Error } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { goneFile } from '../core/transfer/gone-file.js'
import { useMswServer } from './msw-server.js'

const { server, unhandled } = useMswServer()

function setup(handlers = createMockStorage().handlers) {
  server.use(...handlers)
  const onError = vi.fn<(error: PresignedS3Error, file: unknown) => void>()
  const onUploadComplete = vi.fn()
  const user = userEvent.setup()
  render(
    <StrictMode>
      <S3Uploader endpoint="/api/s3" onError={onError} onUploadComplete={onUploadComplete} />
    </StrictMode>,
  )
  const pick = (...files: File[]) => user.upload(screen.getByLabelText('Files to upload'), files)
  return { onError, onUploadComplete, pick }
}

const photo = () => new File(['hello world'], 'photo.png', { type: 'image/png' })

async function expectFailedRow(name: string, message: RegExp) {
  const row = (await screen.findByText(name)).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'error'))
  expect(within(row).getByText(message)).toBeVisible()
  expect(within(row).getByRole('button', { name: `Retry ${name}` })).toBeEnabled()
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(`1 failed: ${name}`))
}

describe('<S3Uploader>', () => {
  it("hands the server's onUploadComplete answer to the browser's as file.serverData", async () => {
    const storage = createMockStorage({ onUploadComplete: ({ key, size }) => ({ photoId: `${key}:${size}` }) })
    const { onUploadComplete, pick } = setup(storage.handlers)
    await pick(photo())
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalledTimes(1))
    const [uploaded] = onUploadComplete.mock.calls[0]![0]
    expect(uploaded).toMatchObject({ key: 'uploads/1/photo.png', serverData: { photoId: 'uploads/1/photo.png:11' } })
  })

  it('uploads a picked file through the endpoint and reports it complete', async () => {
    const storage = createMockStorage()
    const { onUploadComplete, onError, pick } = setup(storage.handlers)
    await pick(photo())

    const row = (await screen.findByText('photo.png')).closest('li')!
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
    expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
    expect(screen.getByRole('progressbar', { name: 'Total upload progress' })).toHaveAttribute('aria-valuenow', '100')
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalledTimes(1))
    const [uploaded] = onUploadComplete.mock.calls[0]![0]
    expect(uploaded).toMatchObject({ name: 'photo.png', size: 11, type: 'image/png', key: 'uploads/1/photo.png' })
    expect(new TextDecoder().decode(storage.objects.get('uploads/1/photo.png')!.body)).toBe('hello world')
    // Hashed first, so the MD5 is signed into the URL; then the server is asked to confirm what landed.
    const md5 = 'XrY7u+Ae7tCTyyK7j1rNww=='
    expect(storage.signingRequests).toEqual([
      { operation: 'putObject', file: { name: 'photo.png', size: 11, type: 'image/png', md5 } },
    ])
    expect(storage.confirmRequests).toEqual([
      { operation: 'confirmUpload', key: 'uploads/1/photo.png', size: 11, etag: '"5eb63bbbe01eeed093cb22bb8f5acdc3"' },
    ])
    expect(onError).not.toHaveBeenCalled()
    expect(screen.getByRole('status')).toHaveTextContent('1 of 1 file uploaded')
  })

  it('shows an error and calls onError when the endpoint answers 500', async () => {
    const { onError, pick } = setup([http.post('/api/s3', () => new HttpResponse('boom', { status: 500 }))])
    await pick(photo())
    await expectFailedRow('photo.png', /answered 500/)
    const [error, file] = onError.mock.calls[0]!
    expect(error).toBeInstanceOf(EndpointError)
    expect(error).toMatchObject({ code: 'ENDPOINT_HTTP_ERROR', status: 500 })
    expect(file).toMatchObject({ name: 'photo.png', status: 'error' })
    expect(unhandled).not.toHaveBeenCalled()
  })

  it('passes on the error code and message of an endpoint that refuses', async () => {
    const refuse = http.post('/api/s3', () =>
      HttpResponse.json({ error: { code: 'FILE_TOO_LARGE', message: 'Files may be at most 1 MB.' } }, { status: 413 }),
    )
    const { onError, pick } = setup([refuse])
    await pick(photo())
    await expectFailedRow('photo.png', /at most 1 MB/)
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'ENDPOINT_REJECTED', serverCode: 'FILE_TOO_LARGE', status: 413 })
  })

  it('explains an HTML reply instead of JSON', async () => {
    const html = http.post('/api/s3', () => HttpResponse.html('<!doctype html><title>Sign in</title>'))
    const { onError, pick } = setup([html])
    await pick(photo())
    await expectFailedRow('photo.png', /HTML page instead of JSON/)
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'ENDPOINT_NOT_JSON' })
    expect(unhandled).not.toHaveBeenCalled()
  })

  it('names the missing field of a JSON reply of the wrong shape', async () => {
    const wrong = http.post('/api/s3', () => HttpResponse.json({ signedUrl: 'https://bucket.s3.test/x' }))
    const { onError, pick } = setup([wrong])
    await pick(photo())
    await expectFailedRow('photo.png', /reply\.url is missing/)
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'ENDPOINT_BAD_REPLY' })
  })

  it('shows the storage error when S3 answers 403, and reports nothing as uploaded', async () => {
    const storage = createMockStorage()
    const forbidden = http.put('https://bucket.s3.test/:key', () =>
      new HttpResponse('<Error><Code>AccessDenied</Code></Error>', {
        status: 403,
        headers: { 'content-type': 'application/xml', 'x-amz-error-code': 'AccessDenied' },
      }),
    )
    const { onError, onUploadComplete, pick } = setup([forbidden, ...storage.handlers])
    await pick(photo())
    await expectFailedRow('photo.png', /storage refused the upload \(403 AccessDenied\)/)
    const [error] = onError.mock.calls[0]!
    expect(error).toBeInstanceOf(StorageError)
    expect(error).toMatchObject({ code: 'STORAGE_HTTP_ERROR', status: 403, storageCode: 'AccessDenied' })
    expect(onUploadComplete).not.toHaveBeenCalled()
    expect(storage.objects.size).toBe(0)
    expect(unhandled).not.toHaveBeenCalled()
  })

  it('fails a file deleted after it was picked at once: the row says to pick it again, with Remove and no Retry', async () => {
    const storage = createMockStorage()
    const { onError, pick } = setup(storage.handlers)
    const picked = goneFile('hello world', 'photo.png', 'image/png')
    picked.remove()
    await pick(picked.file)
    const row = (await screen.findByText('photo.png')).closest('li')!
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'error'))
    const message = 'photo.png could not be read: it was changed, moved or deleted after it was picked. Pick it again.'
    expect(within(row).getByText(message)).toHaveAttribute('data-code', 'FILE_UNREADABLE')
    expect(within(row).queryByRole('button', { name: 'Retry photo.png' })).not.toBeInTheDocument()
    expect(within(row).getByRole('button', { name: 'Remove photo.png' })).toBeEnabled()
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 failed: photo.png'))
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'FILE_UNREADABLE', message })
    expect(storage.signingRequests).toEqual([])
    expect(unhandled).not.toHaveBeenCalled()
  })

  it('retries a failed file when asked and then completes it', async () => {
    const storage = createMockStorage()
    let failures = 1
    const flaky = http.post('/api/s3', () => (failures-- > 0 ? new HttpResponse('down', { status: 503 }) : undefined))
    const { onUploadComplete, pick } = setup([flaky, ...storage.handlers])
    await pick(photo())
    const retry = await screen.findByRole('button', { name: 'Retry photo.png' })
    await userEvent.click(retry)
    const row = screen.getByText('photo.png').closest('li')!
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalled())
    expect(storage.objects.size).toBe(1)
  })
})
