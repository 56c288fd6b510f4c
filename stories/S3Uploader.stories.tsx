import type { Meta, StoryObj } from '@storybook/react-vite'
import { delay, http, HttpResponse } from 'msw'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { S3Uploader } from '../src/react/index.js'
import { createMockStorage } from '../src/testing/index.js'

const ENDPOINT = '/api/s3'

const meta = {
  title: 'Components/S3Uploader',
  component: S3Uploader,
  args: {
    endpoint: ENDPOINT,
    onUploadComplete: fn(),
    onError: fn(),
  },
  parameters: { msw: { handlers: createMockStorage({ endpoint: ENDPOINT }).handlers } },
} satisfies Meta<typeof S3Uploader>

export default meta
type Story = StoryObj<typeof meta>

const photo = () => new File([new Uint8Array(2048)], 'holiday photo.png', { type: 'image/png' })

async function pick(canvasElement: HTMLElement, ...files: File[]) {
  const canvas = within(canvasElement)
  await userEvent.upload(canvas.getByLabelText('Files to upload'), files)
  return canvas
}

async function expectFailed(canvasElement: HTMLElement, message: RegExp) {
  const canvas = within(canvasElement)
  const row = (await canvas.findByText('holiday photo.png')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'error'))
  await expect(within(row).getByText(message)).toBeVisible()
  await expect(within(row).getByRole('button', { name: 'Retry holiday photo.png' })).toBeEnabled()
}

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
        ...createMockStorage({ endpoint: ENDPOINT }).handlers,
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = await pick(canvasElement, photo())
    const row = (await canvas.findByText('holiday photo.png')).closest('li')!
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'uploading'))
    await expect(within(row).getByRole('button', { name: 'Cancel holiday photo.png' })).toBeEnabled()
  },
}

/** The file landed; `onUploadComplete` got its key. */
export const Success: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = await pick(canvasElement, photo())
    const row = (await canvas.findByText('holiday photo.png')).closest('li')!
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
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
        ...createMockStorage({ endpoint: ENDPOINT }).handlers,
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await pick(canvasElement, photo())
    await expectFailed(canvasElement, /storage refused the upload \(403 AccessDenied\)/)
  },
}
