import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it, vi } from 'vitest'
import { S3Uploader } from '../../src/react/S3Uploader.js'

// A prefetch whose chunk cannot be fetched (offline, a redeploy removed it) is no error by itself:
// nothing shows and nothing is reported until a file needs the code; that file's own load then
// fails as it always did (uploader-code-not-loaded.test.tsx), with the same message and Retry.
const chunk = vi.hoisted(() => ({ tries: 0 }))
vi.mock('../../src/core/upload-controller.js', () => {
  chunk.tries += 1
  throw new TypeError('Failed to fetch dynamically imported module')
})

it('shows nothing for a failed prefetch; the file picked next fails with UPLOADER_NOT_LOADED as before', async () => {
  const onError = vi.fn()
  const user = userEvent.setup()
  const { container } = render(<S3Uploader endpoint="/api/s3" onError={onError} />)
  await user.hover(screen.getByRole('button', { name: 'Choose files' }))
  await waitFor(() => expect(chunk.tries).toBe(1))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(onError).not.toHaveBeenCalled()
  expect(screen.queryByRole('listitem')).toBeNull()
  expect(container.firstElementChild).toHaveAttribute('data-status', 'idle')
  expect(screen.getByRole('status')).toHaveTextContent('')

  await user.upload(screen.getByLabelText('Files to upload'), new File(['hello'], 'photo.png', { type: 'image/png' }))
  const row = (await screen.findByText('photo.png')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'error'))
  expect(within(row).getByText(/could not load its code/)).toBeVisible()
  expect(within(row).getByRole('button', { name: 'Retry photo.png' })).toBeEnabled()
  // The file's own load, not the failed prefetch's result kept around.
  expect(chunk.tries).toBeGreaterThan(1)
  expect(onError).toHaveBeenCalledTimes(1)
  expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'UPLOADER_NOT_LOADED' }), expect.objectContaining({ name: 'photo.png' }))
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 failed: photo.png'))
})
