import type { Meta, StoryObj } from '@storybook/react-vite'
import { delay, http, HttpResponse } from 'msw'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { S3Uploader } from '../src/react/index.js'
import { openQueueDb } from '../src/core/transfer/persisted-queue/queue-db.js'
import { ENDPOINT, mockStore, uploaderArgs } from './support/mock-store.js'
import { expectFailed, photo, pick, rowWithStatus } from './support/uploader-play.js'

const meta = {
  title: 'Components/S3Uploader',
  component: S3Uploader,
  args: uploaderArgs(),
  parameters: { msw: { handlers: mockStore().handlers } },
} satisfies Meta<typeof S3Uploader>

export default meta
type Story = StoryObj<typeof meta>

/** Nothing picked yet: one button, reachable by keyboard, and the drop zone around it. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Choose files' })
    await userEvent.tab()
    await expect(button).toHaveFocus()
  },
}

/** A file on its way: the PUT to the bucket is held open, so the row stays in "Uploading". */
export const Uploading: Story = {
  parameters: {
    msw: {
      handlers: [
        http.put('https://bucket.s3.test/*', async () => {
          await delay('infinite')
          return new HttpResponse(null)
        }),
        ...mockStore().handlers,
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await pick(canvasElement, photo())
    const row = await rowWithStatus(canvasElement, 'holiday photo.png', 'uploading')
    await expect(within(row).getByRole('button', { name: 'Cancel holiday photo.png' })).toBeEnabled()
  },
}

/** The file landed; `onUploadComplete` got its key. */
export const Success: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = await pick(canvasElement, photo())
    await rowWithStatus(canvasElement, 'holiday photo.png', 'complete')
    await waitFor(() => expect(args.onUploadComplete).toHaveBeenCalled())
    await expect(canvas.getByRole('status')).toHaveTextContent('1 of 1 file uploaded')
  },
}

/** The signing endpoint crashed. */
export const EndpointError500: Story = {
  parameters: { msw: { handlers: [http.post(ENDPOINT, () => new HttpResponse('Internal error', { status: 500 }))] } },
  play: async ({ canvasElement, args }) => {
    await pick(canvasElement, photo())
    await expectFailed(canvasElement, /answered 500/)
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ENDPOINT_HTTP_ERROR' }), expect.anything())
  },
}

/** The endpoint answered a login page: the usual sign of an expired session or a wrong URL. */
export const EndpointAnswersHtml: Story = {
  parameters: {
    msw: { handlers: [http.post(ENDPOINT, () => HttpResponse.html('<!doctype html><title>Sign in</title>'))] },
  },
  play: async ({ canvasElement }) => {
    await pick(canvasElement, photo())
    await expectFailed(canvasElement, /HTML page instead of JSON/)
  },
}

/** The host app's auth refused the request; its message is shown as sent. */
export const EndpointUnauthorized401: Story = {
  parameters: {
    msw: {
      handlers: [
        http.post(ENDPOINT, () =>
          HttpResponse.json({ error: { code: 'UNAUTHORIZED', message: 'Please sign in again.' } }, { status: 401 }),
        ),
      ],
    },
  },
  play: async ({ canvasElement, args }) => {
    await pick(canvasElement, photo())
    await expectFailed(canvasElement, /Please sign in again/)
    await expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'ENDPOINT_REJECTED', serverCode: 'UNAUTHORIZED', status: 401 }),
      expect.anything(),
    )
  },
}

/** The bucket refused the PUT (a policy, a wrong signature). */
export const StorageForbidden: Story = {
  parameters: {
    msw: {
      handlers: [
        http.put('https://bucket.s3.test/*', () =>
          new HttpResponse('<Error><Code>AccessDenied</Code></Error>', {
            status: 403,
            headers: { 'content-type': 'application/xml', 'x-amz-error-code': 'AccessDenied' },
          }),
        ),
        ...mockStore().handlers,
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await pick(canvasElement, photo())
    await expectFailed(canvasElement, /storage refused the upload \(403 AccessDenied\)/)
  },
}

/**
 * A browser File whose file on disk was deleted after it was picked: reads of it reject as
 * Chromium's do (NotFoundError). Its hash, made from a copy in a worker, still succeeds here;
 * the PUT fails as Chromium's does for a gone file, with no answer.
 */
function deletedFromDisk(file: File): File {
  const gone = () => Promise.reject(new DOMException('A requested file or directory could not be found.', 'NotFoundError'))
  const slice = file.slice.bind(file)
  return Object.assign(file, {
    arrayBuffer: gone,
    slice: (...args: Parameters<Blob['slice']>) => Object.assign(slice(...args), { arrayBuffer: gone }),
  })
}

/** A file deleted from disk after it was picked: its own message, Remove, and no Retry (it would fail the same way). */
export const FileGoneFromDisk: Story = {
  parameters: {
    msw: { handlers: [http.put('https://bucket.s3.test/*', () => HttpResponse.error()), ...mockStore().handlers] },
  },
  play: async ({ canvasElement, args }) => {
    await pick(canvasElement, deletedFromDisk(photo()))
    const row = await rowWithStatus(canvasElement, 'holiday photo.png', 'error')
    await expect(within(row).getByText(/could not be read: it was changed, moved or deleted after it was picked\. Pick it again\./)).toBeVisible()
    await expect(within(row).queryByRole('button', { name: 'Retry holiday photo.png' })).toBeNull()
    await expect(within(row).getByRole('button', { name: 'Remove holiday photo.png' })).toBeEnabled()
    await waitFor(() => expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'FILE_UNREADABLE' }), expect.anything()))
  },
}

const MiB = 1024 * 1024

/** A file of `size` bytes with varied content, made in 1 MiB pieces (Chromium limits big in-memory slices). */
function bigFile(name: string, size: number): File {
  const piece = new Uint8Array(Math.min(size, MiB)).map((_, i) => (i * 31 + 7) % 251)
  const pieces: Uint8Array<ArrayBuffer>[] = []
  for (let left = size; left > 0; left -= piece.length) pieces.push(left >= piece.length ? piece : piece.slice(0, left))
  return new File(pieces, name, { type: 'video/mp4' })
}

/** A store that holds every part PUT open, so the file stays mid-upload; one per story, to count its uploads. */
const holdingParts = () =>
  mockStore({
    fault: async (call) => {
      if (call === 'uploadPart') await delay('infinite')
      return undefined
    },
  })

const partsHeld = holdingParts()

/** A file above `multipartThreshold` goes up in parts, several in flight at once. */
export const MultipartInProgress: Story = {
  args: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
  parameters: { msw: { handlers: partsHeld.handlers } },
  play: async ({ canvasElement }) => {
    await pick(canvasElement, bigFile('holiday.mp4', 12 * MiB))
    await rowWithStatus(canvasElement, 'holiday.mp4', 'uploading')
    await waitFor(() => expect(partsHeld.multipartUploads.size).toBe(1))
    // Parts are signed ahead, in one request, and sent in parallel.
    await waitFor(() => {
      const signed = partsHeld.signingRequests.filter((request) => request.operation === 'signParts')
      expect(signed.flatMap((request) => request.partNumbers)).toEqual(expect.arrayContaining([1, 2, 3]))
    })
  },
}

const pausable = holdingParts()

/** Paused by its Pause button: parts already in the store stay there; Resume picks up where it stopped. */
export const Paused: Story = {
  args: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
  parameters: { msw: { handlers: pausable.handlers } },
  play: async ({ canvasElement }) => {
    await pick(canvasElement, bigFile('holiday.mp4', 12 * MiB))
    const row = await rowWithStatus(canvasElement, 'holiday.mp4', 'uploading')
    await waitFor(() => expect(pausable.multipartUploads.size).toBe(1))
    await userEvent.click(within(row).getByRole('button', { name: 'Pause holiday.mp4' }))
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'paused'))
    await expect(within(row).getByRole('button', { name: 'Resume holiday.mp4' })).toBeEnabled()
    await expect(pausable.multipartUploads.size).toBe(1)
  },
}

let slowDowns = 0
const flaky = mockStore({
  fault: (call) => {
    if (call !== 'putObject' || slowDowns >= 2) return undefined
    slowDowns += 1
    return new HttpResponse('<Error><Code>SlowDown</Code></Error>', { status: 503 })
  },
})

/** The store answers 503 SlowDown twice: the file backs off, retries, and lands, with no error shown. */
export const RetryingAfterFailure: Story = {
  args: { retry: { baseDelayMs: 300, maxDelayMs: 1000 } },
  parameters: { msw: { handlers: flaky.handlers } },
  play: async ({ canvasElement, args }) => {
    slowDowns = 0
    await pick(canvasElement, photo())
    await rowWithStatus(canvasElement, 'holiday photo.png', 'complete', 10_000)
    await expect(slowDowns).toBe(2)
    await expect(args.onError).not.toHaveBeenCalled()
  },
}

let heldOnce = false
const expiring = mockStore({
  expiresIn: 1,
  // The first PUT reaches the store after its 1-second URL expired: it is refused, re-signed, and sent again.
  fault: async (call) => {
    if (call === 'putObject' && !heldOnce) {
      heldOnce = true
      await delay(2100)
    }
    return undefined
  },
})

/** An upload URL that expired on the way is re-signed and the upload goes on. */
export const RecoveringFromExpiredUrl: Story = {
  parameters: { msw: { handlers: expiring.handlers } },
  play: async ({ canvasElement, args }) => {
    heldOnce = false
    await pick(canvasElement, photo())
    await rowWithStatus(canvasElement, 'holiday photo.png', 'complete', 15_000)
    const puts = expiring.signingRequests.filter((request) => request.operation === 'putObject')
    await expect(puts.length).toBeGreaterThanOrEqual(2)
    await expect(args.onError).not.toHaveBeenCalled()
  },
}

/** A file over `restrictions.maxFileSize` is refused before any request, with the reason in words. */
export const RestrictionError: Story = {
  args: { restrictions: { maxFileSize: 1024 }, onRestrictionFailed: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = await pick(canvasElement, photo())
    const row = (await canvas.findByText('holiday photo.png')).closest('li')!
    await expect(row).toHaveTextContent(/1 kB|1 KB|1,024|1 KiB/i)
    await expect(args.onRestrictionFailed).toHaveBeenCalledWith(expect.objectContaining({ code: 'FILE_TOO_LARGE' }))
    await expect(args.onUploadComplete).not.toHaveBeenCalled()
  },
}

/** The browser is offline: the file waits, shown as "Waiting for the network", and no attempt is used up. */
export const WaitingForNetwork: Story = {
  args: { network: { isOnline: () => false, subscribe: () => () => {} } },
  play: async ({ canvasElement }) => {
    const canvas = await pick(canvasElement, photo())
    const row = await rowWithStatus(canvasElement, 'holiday photo.png', 'waiting-for-network')
    await expect(within(row).getByText('Waiting for the network')).toBeVisible()
    await expect(canvas.getByRole('status')).toHaveTextContent('Offline: 1 file waits for the network')
  },
}

const RESTORED_SCOPE = `${ENDPOINT}#story`

/**
 * Opened again after a reload: one file kept in IndexedDB comes back as "Paused: resume?";
 * one that was too large for the budget asks to be picked again.
 */
export const ResumeAfterReload: Story = {
  args: { resumeAfterReload: true, persistScope: RESTORED_SCOPE },
  beforeEach: async () => {
    const db = await openQueueDb()
    const savedAt = Date.now()
    const kept = { scope: RESTORED_SCOPE, type: 'image/png', lastModified: 1, savedAt }
    const records = [
      { ...kept, key: 'story-kept', fileId: 'story-kept', name: 'holiday photo.png', size: 2048, data: photo() },
      { ...kept, key: 'story-large', fileId: 'story-large', name: 'holiday.mp4', type: 'video/mp4', size: 3.2e9 },
    ]
    await db.put(records)
    return async () => {
      await db.delete(records.map((record) => record.key))
    }
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const row = await rowWithStatus(canvasElement, 'holiday photo.png', 'resumable')
    await expect(within(row).getByText('Paused: resume?')).toBeVisible()
    await expect(within(row).getByRole('button', { name: 'Resume holiday photo.png' })).toBeEnabled()
    await expect(await canvas.findByText(/Choose holiday\.mp4 \(.+\) again to finish its upload/)).toBeVisible()
  },
}
