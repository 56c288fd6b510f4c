import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, mocked, spyOn, userEvent, waitFor, within } from 'storybook/test'
import { installUploader } from '../src/core/install-uploader.js'
import { S3Uploader } from '../src/react/index.js'
import { UploadController } from '../src/core/upload-controller.js'
import { mockStore, uploaderArgs } from './support/mock-store.js'
import { expectFailed, photo, pick, rowWithStatus } from './support/uploader-play.js'

// The upload code loads with the first file, not with the page (bench/bundle-size.mjs). When its
// chunk cannot be fetched (offline, or a redeploy removed it) the file shows why, with Retry.
const meta = {
  title: 'Components/S3Uploader code loading',
  component: S3Uploader,
  args: uploaderArgs(),
  parameters: { msw: { handlers: mockStore().handlers } },
} satisfies Meta<typeof S3Uploader>

export default meta
type Story = StoryObj<typeof meta>

/** The uploader plugin's chunk cannot be fetched: the file shows why; Retry loads it and the file lands. */
export const UploaderNotLoaded: Story = {
  play: async ({ canvasElement, args }) => {
    // Every load fails until Retry (one failure would let the upload's own wait load it again).
    mocked(installUploader).mockRejectedValue(new TypeError('Failed to fetch dynamically imported module'))
    await pick(canvasElement, photo())
    const row = await expectFailed(canvasElement, /could not load its code/)
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'UPLOADER_NOT_LOADED' }), expect.anything())
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('1 failed: holiday photo.png')

    mocked(installUploader).mockReset() // the real install again: the chunk is back
    await userEvent.click(within(row).getByRole('button', { name: 'Retry holiday photo.png' }))
    await rowWithStatus(canvasElement, 'holiday photo.png', 'complete', 10_000)
    await expect(args.onUploadComplete).toHaveBeenCalled()
  },
}

/**
 * `prefetch="intent"` (the default): the pointer coming over the uploader fetches its upload code
 * before any file is picked, so the first file's upload waits for no chunk. `"idle"` also fetches
 * it when the browser is idle after mount; `"off"` only with the first file.
 */
export const PrefetchOnIntent: Story = {
  args: { prefetch: 'intent' },
  play: async ({ canvasElement, args }) => {
    const preload = spyOn(UploadController, 'preload')
    const button = within(canvasElement).getByRole('button', { name: 'Choose files' })
    await expect(preload).not.toHaveBeenCalled()
    await userEvent.hover(button)
    await waitFor(() => expect(preload).toHaveBeenCalledTimes(1))
    await pick(canvasElement, photo())
    await rowWithStatus(canvasElement, 'holiday photo.png', 'complete', 10_000)
    await expect(args.onUploadComplete).toHaveBeenCalled()
    preload.mockRestore()
  },
}
