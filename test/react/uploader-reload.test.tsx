import 'fake-indexeddb/auto'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it, vi } from 'vitest'
import type { NetworkWatch } from '../../src/core/transfer/network-watch.js'
import { openQueueDb } from '../../src/core/transfer/persisted-queue/queue-db.js'
import { S3Uploader } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server } = useMswServer()

const offline: NetworkWatch = { isOnline: () => false, subscribe: () => () => {} }
const stored = async () => (await (await openQueueDb()).all()).map((record) => record.name)

it('brings files back after the page is opened again, as "Paused: resume?", finishes them, and forgets them', async () => {
  const storage = createMockStorage()
  server.use(...storage.handlers)
  const addListener = vi.spyOn(window, 'addEventListener')
  const removeListener = vi.spyOn(window, 'removeEventListener')
  const first = render(<S3Uploader endpoint="/api/s3" network={offline} />)
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), [new File(['hello'], 'note.txt', { type: 'text/plain' })])
  await waitFor(async () => expect(await stored()).toEqual(['note.txt']))
  // Uploading (waiting for the network): leaving the page asks first. <S3Uploader> loads its upload
  // code with the first file, so the file may be kept before its upload has started: wait for that.
  await waitFor(() => expect(addListener.mock.calls.filter(([type]) => type === 'beforeunload')).toHaveLength(1))
  first.unmount()
  expect(removeListener.mock.calls.filter(([type]) => type === 'beforeunload')).toHaveLength(1)
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(await stored()).toEqual(['note.txt'])

  const onUploadComplete = vi.fn()
  render(<S3Uploader endpoint="/api/s3" onUploadComplete={onUploadComplete} />)
  const row = (await screen.findByText('note.txt')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'resumable'))
  expect(row).toHaveTextContent('Paused: resume?')
  expect(screen.getByRole('status')).toHaveTextContent('1 file from your last visit is paused: resume it to finish')
  expect(storage.objects.size).toBe(0)
  await userEvent.setup().click(screen.getByRole('button', { name: 'Resume note.txt' }))
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
  expect([...storage.objects.values()].map((object) => new TextDecoder().decode(object.body))).toEqual(['hello'])
  await waitFor(() => expect(onUploadComplete).toHaveBeenCalledTimes(1))
  await waitFor(async () => expect(await stored()).toEqual([]))
})

it('keeps nothing when resumeAfterReload is off', async () => {
  server.use(...createMockStorage().handlers)
  const view = render(<S3Uploader endpoint="/api/s3" network={offline} resumeAfterReload={false} />)
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), [new File(['hello'], 'secret.txt', { type: 'text/plain' })])
  await screen.findByText('secret.txt')
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(await stored()).toEqual([])
  view.unmount()
})

it('picking a file again that came back paused resumes it instead of refusing a duplicate', async () => {
  const storage = createMockStorage()
  server.use(...storage.handlers)
  const note = new File(['again'], 'again.txt', { type: 'text/plain', lastModified: 42 })
  const first = render(<S3Uploader endpoint="/api/s3" network={offline} />)
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), [note])
  await waitFor(async () => expect(await stored()).toEqual(['again.txt']))
  first.unmount()
  await new Promise((resolve) => setTimeout(resolve, 20))

  render(<S3Uploader endpoint="/api/s3" />)
  const row = (await screen.findByText('again.txt')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'resumable'))
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), [note])
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
  expect(screen.queryByText('Not added')).toBeNull()
  expect(storage.objects.size).toBe(1)
})
