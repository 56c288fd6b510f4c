import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState, type ComponentProps } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { S3Uploader, type UploadedFile } from '../src/react/index.js'
import { refuseOperations } from './support/endpoint-refusal.js'
import { ENDPOINT, mockStore, uploaderArgs } from './support/mock-store.js'
import { expectFailed, photo, pick } from './support/uploader-play.js'

// Issue 13: upload routes, the server's confirmation (`confirmUpload`) and what its callback returns.

const meta = {
  title: 'Components/S3Uploader routes and confirm',
  component: S3Uploader,
  args: {
    ...uploaderArgs(),
    // One request per operation, so a story's handler can refuse one operation alone.
    signingWindowMs: 0,
  },
  parameters: { msw: { handlers: mockStore().handlers } },
} satisfies Meta<typeof S3Uploader>

export default meta
type Story = StoryObj<typeof meta>

/** A failed row, its reason in words, a Retry button named after the file, and the failure announced. */
async function expectAccessibleFailure(canvasElement: HTMLElement, message: RegExp) {
  await expectFailed(canvasElement, message)
  await waitFor(() => expect(within(canvasElement).getByRole('status')).toHaveTextContent(/holiday photo\.png/))
}

/** Every route the widget's requests named, in order. */
const routesSeen: Array<string | undefined> = []

/**
 * `<S3Uploader route="avatar">`: the server's avatar route allows 1 KiB, so it refuses the
 * 2 KiB photo (413 FILE_TOO_LARGE) with its own message, before any byte is sent.
 */
export const RouteRefusesLargeFile: Story = {
  args: { route: 'avatar' },
  parameters: {
    msw: {
      handlers: [
        refuseOperations(
          ENDPOINT,
          (request) => {
            routesSeen.push(request.route)
            return request.route === 'avatar' && request.operation === 'putObject' && request.file.size > 1024
          },
          { code: 'FILE_TOO_LARGE', message: 'The file is 2 KiB; the limit is 1 KiB' },
        ),
        ...mockStore().handlers,
      ],
    },
  },
  play: async ({ canvasElement, args }) => {
    routesSeen.length = 0
    await pick(canvasElement, photo())
    await expectAccessibleFailure(canvasElement, /the limit is 1 KiB/)
    await expect(routesSeen).toEqual(['avatar'])
    await expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'ENDPOINT_REJECTED', serverCode: 'FILE_TOO_LARGE', status: 413 }),
      expect.anything(),
    )
    await expect(args.onUploadComplete).not.toHaveBeenCalled()
  },
}

/** The host page around the widget: it shows what the server's `onUploadComplete` returned. */
function AvatarForm(props: ComponentProps<typeof S3Uploader>) {
  const [saved, setSaved] = useState<string>()
  const onUploadComplete = (files: UploadedFile[]) => {
    props.onUploadComplete?.(files)
    const data = files[0]?.serverData as { avatarId: number } | undefined
    if (data) setSaved(`Saved as avatar #${data.avatarId}`)
  }
  return (
    <>
      <S3Uploader {...props} onUploadComplete={onUploadComplete} />
      {saved && <p role="status">{saved}</p>}
    </>
  )
}

/**
 * The server looked at what landed (`confirmUpload`: HeadObject, size, type, ETag) and its
 * `onUploadComplete` saved a row; the JSON it returned reaches the page as `file.serverData`.
 */
export const ConfirmedWithServerData: Story = {
  args: { route: 'avatar' },
  render: (args) => <AvatarForm {...args} />,
  parameters: {
    msw: {
      handlers: mockStore({ onUploadComplete: () => ({ avatarId: 17 }) }).handlers,
    },
  },
  play: async ({ canvasElement, args }) => {
    const canvas = await pick(canvasElement, photo())
    await expect(await canvas.findByText('Saved as avatar #17')).toBeVisible()
    await expect(args.onUploadComplete).toHaveBeenCalledWith([expect.objectContaining({ name: 'holiday photo.png', serverData: { avatarId: 17 } })])
    const row = canvas.getByText('holiday photo.png').closest('li')!
    await expect(row).toHaveAttribute('data-status', 'complete')
  },
}

/**
 * The bytes landed but the server's check did not match (another size than declared): it
 * removed the object and answered 422 UPLOAD_MISMATCH. The file fails, with the server's
 * reason, announced, and nothing reaches `onUploadComplete`.
 */
export const ConfirmRefused: Story = {
  parameters: {
    msw: {
      handlers: [
        refuseOperations(ENDPOINT, (request) => request.operation === 'confirmUpload', {
          code: 'UPLOAD_MISMATCH',
          message: 'The stored file has 2047 bytes, not 2048; it was removed',
        }),
        ...mockStore().handlers,
      ],
    },
  },
  play: async ({ canvasElement, args }) => {
    await pick(canvasElement, photo())
    await expectAccessibleFailure(canvasElement, /not 2048; it was removed/)
    await expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ serverCode: 'UPLOAD_MISMATCH', status: 422 }),
      expect.anything(),
    )
    await expect(args.onUploadComplete).not.toHaveBeenCalled()
  },
}
