import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect } from 'storybook/test'
import { S3Uploader } from '../src/react/index.js'
import { mockStore, uploaderArgs } from './support/mock-store.js'
import { photo, pick, rowWithStatus } from './support/uploader-play.js'

// `checksumAlgorithm="sha256"` (for a server whose handler hashes with SHA-256, as AWS S3 checks it):
// each body's SHA-256 is signed into its URL and sent as `x-amz-checksum-sha256`; the mock bucket
// verifies it as S3 does (400 BadDigest on a mismatch), so a story that lands proves the digests.
const meta = {
  title: 'Components/S3Uploader checksums',
  component: S3Uploader,
  args: { ...uploaderArgs(), checksumAlgorithm: 'sha256' },
} satisfies Meta<typeof S3Uploader>

export default meta
type Story = StoryObj<typeof meta>

const single = mockStore()

/** One PUT: the URL is signed for the photo's SHA-256, and the bucket keeps it as the object's checksum. */
export const Sha256SinglePut: Story = {
  parameters: { msw: { handlers: single.handlers } },
  play: async ({ canvasElement, args }) => {
    await pick(canvasElement, photo())
    await rowWithStatus(canvasElement, 'holiday photo.png', 'complete')
    const signed = single.signingRequests.find((request) => request.operation === 'putObject')
    const stored = [...single.objects.values()].find((object) => object.key.endsWith('holiday photo.png'))
    const sha256 = signed?.operation === 'putObject' ? signed.file.sha256 : undefined
    await expect(sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    await expect(stored?.checksumSha256).toBe(sha256)
    await expect(args.onError).not.toHaveBeenCalled()
  },
}

const MiB = 1024 * 1024
const multipart = mockStore()

/** In parts: each part carries its own SHA-256, and completion the composite `<base64>-<parts>` S3 checks. */
export const Sha256Multipart: Story = {
  args: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
  parameters: { msw: { handlers: multipart.handlers } },
  play: async ({ canvasElement, args }) => {
    const video = new File([new Uint8Array(11 * MiB).map((_, i) => i % 251)], 'holiday.mp4', { type: 'video/mp4' })
    await pick(canvasElement, video)
    await rowWithStatus(canvasElement, 'holiday.mp4', 'complete', 15_000)
    const stored = [...multipart.objects.values()].find((object) => object.key.endsWith('holiday.mp4'))
    await expect(stored?.checksumSha256).toMatch(/^[A-Za-z0-9+/]{43}=-3$/)
    await expect(args.onError).not.toHaveBeenCalled()
  },
}
