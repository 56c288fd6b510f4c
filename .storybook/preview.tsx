import type { Preview } from '@storybook/react-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { configure, sb } from 'storybook/test'
import '../src/react/styles.css'

// waitFor's default 1 s is for a quiet machine: a story's first upload loads the uploader's lazy
// chunks from Vite's dev server, and CI runs the stories beside the jsdom suites on 2 cores (a
// loaded run saw 'uploading' still at 1 s). Only the bound grows: every waitFor still fails if
// its expectation never holds.
configure({ asyncUtilTimeout: 10_000 })

// Spied, not replaced: every story installs the real uploader plugin unless it makes one call fail
// (S3UploaderCodeLoading.stories.tsx: the plugin's chunk did not arrive).
sb.mock(import('../src/core/install-uploader.ts'), { spy: true })

const preview: Preview = {
  // Every story's network (signing endpoint and bucket) is mocked; anything unmocked is a bug.
  loaders: [
    mswLoader(async () => {
      const { setupWorker } = await import('msw/browser')
      const worker = setupWorker()
      await worker.start({
        quiet: true,
        onUnhandledRequest: (request, print) => {
          const url = new URL(request.url)
          if (url.pathname.startsWith('/api/') || url.hostname.endsWith('.test')) print.error()
        },
      })
      return worker
    }),
  ],
  parameters: {
    a11y: { test: 'error' },
    layout: 'padded',
  },
  tags: ['autodocs'],
}
export default preview
