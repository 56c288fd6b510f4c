import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, vi } from 'vitest'
import { S3Uploader } from '../../src/react/S3Uploader.js'

/**
 * Picks photo.png into an <S3Uploader> whose code (a chunk mocked to fail by the caller) cannot
 * load, and waits for the row to show the failure the user must see: the error text and
 * `onError` with UPLOADER_NOT_LOADED. Returns the row for what each test checks next.
 */
export async function pickUntilNotLoaded() {
  const onError = vi.fn()
  const user = userEvent.setup()
  render(<S3Uploader endpoint="/api/s3" onError={onError} />)
  await user.upload(screen.getByLabelText('Files to upload'), new File(['hello'], 'photo.png', { type: 'image/png' }))

  const row = (await screen.findByText('photo.png')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'error'))
  expect(within(row).getByText(/could not load its code/)).toBeVisible()
  expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'UPLOADER_NOT_LOADED' }), expect.objectContaining({ name: 'photo.png' }))
  return { row, user }
}
