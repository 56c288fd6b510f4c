// A preview that cannot be made must not take the page down: with Vitest 5 and Node's File in a host's tests,
// jsdom's URL.createObjectURL throws inside the thumbnail effect, and an uncaught effect error unmounts the root.
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it, vi } from 'vitest'
import { S3Uploader } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server } = useMswServer()
const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL }
afterEach(() => Object.assign(URL, { createObjectURL: original.create, revokeObjectURL: original.revoke }))

it('renders and uploads with no thumbnail when createObjectURL throws', async () => {
  URL.createObjectURL = vi.fn(() => {
    throw new TypeError("Failed to execute 'createObjectURL': parameter 1 is not of type 'Blob'.")
  })
  const storage = createMockStorage()
  server.use(...storage.handlers)
  const onUploadComplete = vi.fn()
  const view = render(
    <main>
      <h1>Host page</h1>
      <S3Uploader endpoint="/api/s3" onUploadComplete={onUploadComplete} />
    </main>,
  )
  await userEvent.upload(screen.getByLabelText('Files to upload'), new File(['png'], 'photo.png', { type: 'image/png' }))
  await waitFor(() => expect(onUploadComplete).toHaveBeenCalled())
  expect(URL.createObjectURL).toHaveBeenCalled()
  expect(screen.getByRole('heading', { name: 'Host page' })).toBeVisible()
  expect(screen.getByText('photo.png').closest('li')).toHaveAttribute('data-status', 'complete')
  expect(view.container.querySelector('img')).toBeNull()
  expect(storage.objects.size).toBe(1)
})
