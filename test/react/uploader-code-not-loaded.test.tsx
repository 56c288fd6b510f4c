import { screen, waitFor, within } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { pickUntilNotLoaded } from './not-loaded-support.js'

// What a host sees when the chunk <S3Uploader> loads with the first file cannot be fetched
// (offline, or a redeploy removed the old chunk): a visible failure with Retry, not a hang.
// S3Uploader comes from its own module (in the support file): the package entry also imports
// the controller statically, for useS3Upload.
vi.mock('../../src/core/upload-controller.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module')
})

it('shows the picked file as failed, says why, and reports UPLOADER_NOT_LOADED', async () => {
  const { row } = await pickUntilNotLoaded()
  expect(within(row).getByRole('button', { name: 'Retry photo.png' })).toBeEnabled()
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 failed: photo.png'))
})
