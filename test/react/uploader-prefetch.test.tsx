import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, it, vi, type MockInstance } from 'vitest'
import { UploadController } from '../../src/core/upload-controller.js'
import { S3Uploader, type S3UploaderProps } from '../../src/react/S3Uploader.js'
import { createMockStorage } from '../../src/testing/index.js'
import { manualClock } from '../core/manual-clock.js'
import { useMswServer } from './msw-server.js'

// <S3Uploader> fetches its upload code ahead of the first file on intent (by default) or when the
// browser is idle (`prefetch="idle"`). `UploadController.preload` runs once the controller's chunk
// is in, with the options: it stands for "the code was fetched" (the chunks it would fetch are
// upload-chunks.test.ts's business).
const { server } = useMswServer()
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)))
let preload: MockInstance<typeof UploadController.preload>

beforeEach(() => {
  preload = vi.spyOn(UploadController, 'preload').mockImplementation(() => {})
})
afterEach(() => {
  // Unmounted first: the effects' cleanups still find the stubbed globals.
  cleanup()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

function renderUploader(props: Partial<S3UploaderProps> = {}) {
  const user = userEvent.setup()
  const view = render(<S3Uploader endpoint="/api/s3" {...props} />)
  const button = screen.getByRole('button', { name: 'Choose files' })
  return { ...view, user, button }
}

const TRIGGERS = {
  'the pointer comes over it': ({ user, button }) => user.hover(button),
  'it takes focus': ({ user }) => user.tab(),
  'a file is dragged onto it': ({ button }) => void fireEvent.dragEnter(button),
} satisfies Record<string, (view: ReturnType<typeof renderUploader>) => Promise<void> | void>

it.each(Object.entries(TRIGGERS))('loads the code once %s, before any file', async (_name, trigger) => {
  const view = renderUploader()
  await settle()
  expect(preload).not.toHaveBeenCalled()
  await trigger(view)
  await waitFor(() => expect(preload).toHaveBeenCalledTimes(1))
  expect(preload).toHaveBeenCalledWith(expect.objectContaining({ endpoint: '/api/s3' }))
  expect(screen.queryByRole('listitem')).toBeNull()
})

it('loads the code once for every trigger together', async () => {
  const view = renderUploader()
  for (const trigger of Object.values(TRIGGERS)) await trigger(view)
  await view.user.unhover(view.button)
  await view.user.hover(view.button)
  await settle()
  expect(preload).toHaveBeenCalledTimes(1)
})

it('loads nothing ahead with prefetch="off", nor while disabled', async () => {
  for (const props of [{ prefetch: 'off' }, { disabled: true }] as const) {
    const view = renderUploader(props)
    for (const trigger of Object.values(TRIGGERS)) await trigger(view)
    await settle()
    view.unmount()
  }
  expect(preload).not.toHaveBeenCalled()
})

it('with prefetch="idle", loads the code once the browser is idle after mount, and not before', async () => {
  const { clock, advance } = manualClock()
  renderUploader({ prefetch: 'idle', clock })
  await settle()
  expect(preload).not.toHaveBeenCalled()
  // jsdom has no requestIdleCallback: the fallback waits a second.
  act(() => advance(1_000))
  await waitFor(() => expect(preload).toHaveBeenCalledTimes(1))
})

it('with prefetch="idle", uses requestIdleCallback where there is one, and cancels it on unmount', async () => {
  // The prefetch's request is the one with a deadline (the locale formatters' have none).
  const ours: Array<{ handle: number; run: () => void }> = []
  let handles = 0
  const requestIdleCallback = vi.fn((run: () => void, options?: IdleRequestOptions) => {
    handles += 1
    if (options?.timeout) ours.push({ handle: handles, run })
    return handles
  })
  const cancelIdleCallback = vi.fn()
  vi.stubGlobal('requestIdleCallback', requestIdleCallback)
  vi.stubGlobal('cancelIdleCallback', cancelIdleCallback)
  const first = renderUploader({ prefetch: 'idle' })
  expect(ours).toHaveLength(1)
  first.unmount()
  expect(cancelIdleCallback).toHaveBeenCalledWith(ours[0]!.handle)
  await settle()
  expect(preload).not.toHaveBeenCalled()

  renderUploader({ prefetch: 'idle' })
  expect(ours).toHaveLength(2)
  act(() => ours[1]!.run())
  await waitFor(() => expect(preload).toHaveBeenCalledTimes(1))
})

it('loads nothing ahead by default however long the page stays idle', async () => {
  const { clock, advance } = manualClock()
  renderUploader({ clock })
  act(() => advance(60_000))
  await settle()
  expect(preload).not.toHaveBeenCalled()
})

it('a file picked after the prefetch uploads with the code it fetched', async () => {
  server.use(...createMockStorage().handlers)
  const onUploadComplete = vi.fn()
  const { user, button } = renderUploader({ onUploadComplete })
  await user.hover(button)
  await waitFor(() => expect(preload).toHaveBeenCalledTimes(1))
  await user.upload(screen.getByLabelText('Files to upload'), new File(['hello'], 'photo.png', { type: 'image/png' }))
  const row = (await screen.findByText('photo.png')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
  expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
  expect(onUploadComplete).toHaveBeenCalledTimes(1)
  expect(preload).toHaveBeenCalledTimes(1)
})
