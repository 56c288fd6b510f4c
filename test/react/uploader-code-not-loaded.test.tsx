import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it, vi } from 'vitest'
// From its own module: the package entry also imports the controller statically, for useS3Upload.
import { S3Uploader } from '../../src/react/S3Uploader.js'

// What a host sees when the chunk <S3Uploader> loads with the first file cannot be fetched
// (offline, or a redeploy removed the old chunk): a visible failure with Retry, not a hang.
vi.mock('../../src/core/upload-controller.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module')
})

it('shows the picked file as failed, says why, and reports UPLOADER_NOT_LOADED', async () => {
  const onError = vi.fn()
  const user = userEvent.setup()
  render(<S3Uploader endpoint="/api/s3" onError={onError} />)
  await user.upload(screen.getByLabelText('Files to upload'), new File(['hello'], 'photo.png', { type: 'image/png' }))

  const row = (await screen.findByText('photo.png')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'error'))
  expect(within(row).getByText(/could not load its code/)).toBeVisible()
  expect(within(row).getByRole('button', { name: 'Retry photo.png' })).toBeEnabled()
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 failed: photo.png'))
  expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'UPLOADER_NOT_LOADED' }), expect.objectContaining({ name: 'photo.png' }))
})
