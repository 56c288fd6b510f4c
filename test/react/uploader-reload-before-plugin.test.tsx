import 'fake-indexeddb/auto'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { NetworkWatch } from '../../src/core/transfer/network-watch.js'
import { openQueueDb } from '../../src/core/transfer/persisted-queue/queue-db.js'
import { S3Uploader } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

// The uploader plugin loads lazily, apart from the queue of files kept from the last visit, and on a
// busy machine the kept files come back first. CI's reload e2e hit it: the file picked again in that
// window was taken as "resume it", but Uppy ignores a resume before a plugin makes uploads resumable,
// so the file stayed "Paused: resume?" for good. Here the plugin waits for `arrive()`.
const plugin = vi.hoisted(() => {
  let open: () => void = () => {}
  const state = { gate: Promise.resolve() }
  return {
    state,
    hold: () => {
      state.gate = new Promise<void>((resolve) => (open = resolve))
    },
    arrive: () => open(),
  }
})
vi.mock('../../src/core/install-uploader.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/install-uploader.js')>()
  return {
    ...original,
    installUploader: (...args: Parameters<typeof original.installUploader>) => plugin.state.gate.then(() => original.installUploader(...args)),
  }
})

const { server, unhandled } = useMswServer()
const offline: NetworkWatch = { isOnline: () => false, subscribe: () => () => {} }
const stored = async () => (await (await openQueueDb()).all()).map((record) => record.name)

beforeEach(() => plugin.hold())
afterEach(() => plugin.arrive())

/** Keeps `file` from a first visit, then opens the page again with the plugin still on its way. */
async function reopenWith(file: File) {
  const storage = createMockStorage()
  server.use(...storage.handlers)
  const first = render(<S3Uploader endpoint="/api/s3" network={offline} />)
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), [file])
  await waitFor(async () => expect(await stored()).toContain(file.name))
  first.unmount()
  await new Promise((resolve) => setTimeout(resolve, 20))

  render(<S3Uploader endpoint="/api/s3" />)
  const row = (await screen.findByText(file.name)).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'resumable'))
  return { storage, row }
}

it('a file picked again before the uploader plugin has loaded resumes once it has', async () => {
  const note = new File(['early pick'], 'early.txt', { type: 'text/plain', lastModified: 7 })
  const { storage, row } = await reopenWith(note)
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), [note])
  plugin.arrive()
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
  expect([...storage.objects.values()].map((object) => new TextDecoder().decode(object.body))).toEqual(['early pick'])
  expect(screen.queryByText('Not added')).toBeNull()
  expect(unhandled).not.toHaveBeenCalled()
})

it('Resume pressed before the uploader plugin has loaded resumes once it has', async () => {
  const note = new File(['early resume'], 'resume-early.txt', { type: 'text/plain', lastModified: 8 })
  const { storage, row } = await reopenWith(note)
  await userEvent.setup().click(screen.getByRole('button', { name: 'Resume resume-early.txt' }))
  plugin.arrive()
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
  expect([...storage.objects.values()].map((object) => new TextDecoder().decode(object.body))).toEqual(['early resume'])
  expect(unhandled).not.toHaveBeenCalled()
})
