/// <reference types="vitest/globals" />
// A host app's own tests, written from the README's "Testing your app's uploads": globals, the package's names,
// and only what the README says to set up. Run on MSW 2 (root, Node 20) and on MSW 3 (test/msw3, Node 22).
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { S3Uploader } from 'react-presigned-s3'
import { createMockStorage } from 'react-presigned-s3/testing'

const MiB = 1024 * 1024
// The smallest valid PNG: a 1×1 transparent pixel.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) => c.charCodeAt(0))

let failNextSigning = false
const storage = createMockStorage({
  endpoint: '/api/s3',
  fault: (call) => {
    if (call !== 'sign' || !failNextSigning) return undefined
    failNextSigning = false
    return HttpResponse.json({ error: { code: 'INTERNAL', message: 'Try again' } }, { status: 500 })
  },
})
const server = setupServer(...storage.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => storage.objects.clear())
afterAll(() => server.close())

function renderUploader() {
  render(<S3Uploader endpoint="/api/s3" multipartThreshold={10 * MiB} restrictions={{ maxFileSize: 20 * MiB }} />)
  return (file: File) => userEvent.upload(screen.getByLabelText('Files to upload'), file)
}

const row = (name: string) => screen.getByText(name).closest('li')!
const uploaded = async (name: string) => within(await screen.findByText(name).then((el) => el.closest('li')!)).findByText('Uploaded')
const stored = () => [...storage.objects.values()]

test('uploads a small PNG', async () => {
  const pick = renderUploader()
  await pick(new File([PNG], 'me.png', { type: 'image/png' }))
  await uploaded('me.png')
  expect(stored()).toEqual([expect.objectContaining({ contentType: 'image/png', body: PNG })])
})

test('shows a failed signing request, and Retry uploads the file', async () => {
  failNextSigning = true
  const pick = renderUploader()
  await pick(new File(['hello'], 'notes.txt', { type: 'text/plain' }))
  await userEvent.click(await screen.findByRole('button', { name: 'Retry notes.txt' }))
  await uploaded('notes.txt')
  expect(stored()).toHaveLength(1)
})

test('refuses a file over the size limit before any request', async () => {
  const calls = storage.endpointCalls()
  const pick = renderUploader()
  await pick(new File([new Uint8Array(21 * MiB)], 'huge.bin'))
  expect(await screen.findByText(/files may be at most/)).toBeTruthy()
  expect(storage.endpointCalls()).toBe(calls)
})

test('uploads 6 MiB in one PUT', async () => {
  const pick = renderUploader()
  await pick(new File([new Uint8Array(6 * MiB).fill(6)], 'six.bin', { type: 'application/octet-stream' }))
  await uploaded('six.bin')
  expect(stored()[0]?.body.byteLength).toBe(6 * MiB)
})

test('uploads 12 MiB in parts', async () => {
  const before = storage.signingRequests.length
  const pick = renderUploader()
  await pick(new File([new Uint8Array(12 * MiB).fill(12)], 'twelve.bin', { type: 'application/octet-stream' }))
  await uploaded('twelve.bin')
  const operations = storage.signingRequests.slice(before).map((request) => request.operation)
  expect(operations).toEqual(expect.arrayContaining(['createMultipartUpload', 'signParts', 'completeMultipartUpload']))
  expect(stored()[0]?.body.byteLength).toBe(12 * MiB)
  expect(row('twelve.bin').dataset.status).toBe('complete')
})
