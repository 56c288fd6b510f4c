import type { Meta, StoryObj } from '@storybook/react-vite'
import { S3Uploader } from '../src/react/index.js'

/**
 * The real thing, in development only: run `npm run demo` in another terminal, then
 * `npm run storybook`. Storybook's dev server forwards `/live-api` to the demo server,
 * which signs with the real handler for its embedded S3-compatible store.
 * Not run as a test: CI has no demo server running.
 */
const meta = {
  title: 'Live/S3Uploader on the demo store',
  component: S3Uploader,
  tags: ['!test', '!autodocs'],
  args: { endpoint: '/live-api/s3' },
} satisfies Meta<typeof S3Uploader>

export default meta
export const Live: StoryObj<typeof meta> = {}
