import type { Meta, StoryObj } from '@storybook/react-vite'
import { delay, http } from 'msw'
import { expect, fn, waitFor, within } from 'storybook/test'
import { SignedImage } from '../src/react/index.js'
import type { MockStorageOptions } from '../src/testing/index.js'
import { ENDPOINT, viewerStore } from './support/mock-store.js'
import { withPresignProvider } from './support/presign-decorator.js'

/** A small picture the browser really decodes (the preload waits for decode()). */
function picture(label: string, colour: string): Uint8Array {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="160" height="120" fill="${colour}"/>` +
    `<text x="80" y="66" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#fff">${label}</text></svg>`
  return new TextEncoder().encode(svg)
}

/** A mock endpoint and bucket holding two users' photos; the viewer is user 1. */
function storage(options: Omit<MockStorageOptions, 'endpoint' | 'canRead'> = {}) {
  const photos = [['users/1/beach.svg', '#0b6e99'], ['users/1/forest.svg', '#2f7d32'], ['users/2/private.svg', '#8e24aa']] as const
  return viewerStore(photos.map(([key, colour]) => ({ key, contentType: 'image/svg+xml', body: picture(key.split('/')[2]!, colour) })), options)
}

const meta = {
  title: 'Components/SignedImage',
  component: SignedImage,
  args: { objectKey: 'users/1/beach.svg', alt: 'A beach at sunset', width: 160, height: 120, onStatusChange: fn() },
  decorators: [withPresignProvider],
  parameters: { msw: { handlers: storage().handlers } },
} satisfies Meta<typeof SignedImage>

export default meta
type Story = StoryObj<typeof meta>

/** The object is shown once its signed URL has loaded and decoded. */
export const Loaded: Story = {
  play: async ({ canvasElement, args }) => {
    const img = within(canvasElement).getByAltText('A beach at sunset')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    // onStatusChange runs in an effect after the render that set data-state.
    await waitFor(() => expect(args.onStatusChange).toHaveBeenLastCalledWith('loaded'))
  },
}

const refreshing = storage({ getObjectExpiresIn: 3 })

/**
 * 3-second URLs: the cache re-signs about every 2 s and keeps the fresh URL ready,
 * but the picture on screen keeps the src it decoded, so it is never downloaded again.
 */
export const Refreshing: Story = {
  parameters: { msw: { handlers: refreshing.handlers } },
  play: async ({ canvasElement }) => {
    const img = within(canvasElement).getByAltText('A beach at sunset')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    const first = img.getAttribute('src')
    const signed = refreshing.signingRequests.length
    const reads = refreshing.objectReads.length
    await waitFor(() => expect(refreshing.signingRequests.length).toBeGreaterThanOrEqual(signed + 2), { timeout: 8000 })
    await expect(img.getAttribute('src')).toBe(first)
    await expect(refreshing.objectReads.length).toBe(reads)
    await expect(img).toHaveAttribute('data-state', 'loaded')
  },
}

/** Another user's photo: the endpoint refuses the key, and the fallback shows. */
export const Forbidden: Story = {
  args: { objectKey: 'users/2/private.svg', alt: 'Someone else’s photo', fallback: <span>You cannot see this photo.</span> },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByText('You cannot see this photo.')).toBeVisible()
    await expect(canvas.getByAltText('Someone else’s photo')).toHaveAttribute('data-error', 'forbidden')
    await waitFor(() => expect(args.onStatusChange).toHaveBeenLastCalledWith('error', expect.objectContaining({ kind: 'forbidden' })))
  },
}

/** A photo that was deleted: two loads fail, the endpoint checks the key, and says so. */
export const NotFound: Story = {
  args: { objectKey: 'users/1/deleted.svg', alt: 'A deleted photo', fallback: <span>This photo was deleted.</span> },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByText('This photo was deleted.')).toBeVisible()
    await expect(canvas.getByAltText('A deleted photo')).toHaveAttribute('data-error', 'not-found')
    await waitFor(() => expect(args.onStatusChange).toHaveBeenLastCalledWith('error', expect.objectContaining({ kind: 'not-found' })))
  },
}

const outage = storage({ getObjectExpiresIn: 2 })
let outageSignings = 0

/**
 * The endpoint goes down after the first signing: the picture stays on screen and
 * `loaded`, with `data-stale` once its URL is past due, while the cache keeps retrying.
 */
export const Stale: Story = {
  beforeEach: () => {
    outageSignings = 0
  },
  parameters: {
    msw: {
      handlers: [
        http.post(ENDPOINT, () => {
          outageSignings += 1
          // Falls through to the mock endpoint the first time only.
          return outageSignings === 1 ? undefined : new Response('Deploying', { status: 503 })
        }),
        ...outage.handlers,
      ],
    },
  },
  play: async ({ canvasElement, args }) => {
    const img = within(canvasElement).getByAltText('A beach at sunset')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    await waitFor(() => expect(img).toHaveAttribute('data-stale'), { timeout: 8000 })
    await expect(img).toHaveAttribute('data-state', 'loaded')
    await expect(img).toBeVisible()
    await expect(args.onStatusChange).not.toHaveBeenCalledWith('error', expect.anything())
  },
}

/** A slow endpoint: the fallback appears once `fallbackDelayMs` has passed. */
export const SlowWithFallback: Story = {
  args: { fallback: <span>Loading photo…</span>, fallbackDelayMs: 200 },
  parameters: {
    msw: {
      handlers: [
        http.post(ENDPOINT, async () => {
          await delay('infinite')
        }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Loading photo…')).toBeVisible()
  },
}

/** Two images of one key and another key: one `getObjects` request signs both keys. */
export const SharedCache: Story = {
  render: (args) => (
    <>
      <SignedImage {...args} />
      <SignedImage {...args} alt="The same beach again" />
      <SignedImage {...args} objectKey="users/1/forest.svg" alt="A forest" />
    </>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    for (const alt of ['A beach at sunset', 'The same beach again', 'A forest']) {
      await waitFor(() => expect(canvas.getByAltText(alt)).toHaveAttribute('data-state', 'loaded'))
    }
  },
}
