import { act, render } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { StrictMode } from 'react'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { useS3Upload, type UseS3UploadResult } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'

const storage = createMockStorage()
const server = setupServer(...storage.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

function Probe({ onRender }: { onRender: (result: UseS3UploadResult) => void }) {
  onRender(useS3Upload({ endpoint: '/api/s3', autoUpload: false }))
  return null
}

it('creates one Uppy under StrictMode and removes its window listeners on unmount', async () => {
  const added = vi.spyOn(window, 'addEventListener')
  const removed = vi.spyOn(window, 'removeEventListener')
  let latest: UseS3UploadResult | undefined
  const view = render(
    <StrictMode>
      <Probe onRender={(result) => (latest = result)} />
    </StrictMode>,
  )
  // Let StrictMode's simulated unmount/remount settle before the first use.
  await act(() => new Promise((resolve) => setTimeout(resolve, 10)))
  act(() => latest!.addFiles([new File(['x'], 'a.txt', { type: 'text/plain' })]))
  expect(latest!.files).toHaveLength(1)
  expect(added.mock.calls.filter(([type]) => type === 'online')).toHaveLength(1)

  const controller = latest!.controller
  view.unmount()
  await act(() => new Promise((resolve) => setTimeout(resolve, 10)))
  expect(removed.mock.calls.filter(([type]) => type === 'online')).toHaveLength(1)
  expect(() => controller.uppy).toThrow(/destroyed/)
})
