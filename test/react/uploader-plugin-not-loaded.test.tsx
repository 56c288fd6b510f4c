import { waitFor, within } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'
import { pickUntilNotLoaded } from './not-loaded-support.js'

// The controller's code arrived, but the uploader plugin's chunk, loaded with the first file after it,
// did not (see uploader-code-not-loaded.test.tsx for the controller's own chunk): the file must show
// the failure with Retry, not wait as "pending" for good, and Retry must fetch the chunk again.
const chunk = vi.hoisted(() => ({ fails: true }))
vi.mock('../../src/core/transfer/create-transfer-plugin.js', async (importOriginal) => {
  if (chunk.fails) throw new TypeError('Failed to fetch dynamically imported module')
  return importOriginal()
})

const { server, unhandled } = useMswServer()

it('shows the picked file as failed with UPLOADER_NOT_LOADED, and Retry uploads it once the chunk arrives', async () => {
  server.use(...createMockStorage().handlers)
  const { row, user } = await pickUntilNotLoaded()
  expect(unhandled).not.toHaveBeenCalled()

  chunk.fails = false
  await user.click(within(row).getByRole('button', { name: 'Retry photo.png' }))
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
})
