import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { formatBytes, useS3Upload } from '../src/react/index.js'
import { ENDPOINT, mockStore } from './support/mock-store.js'

/**
 * A UI of the host app's own, on the headless `useS3Upload` hook: the library
 * gives state and actions; the markup, words and styles are the app's.
 */
function AvatarPicker() {
  const { files, status, progress, addFiles, remove } = useS3Upload({
    endpoint: ENDPOINT,
    restrictions: { allowedFileTypes: ['image/*'], maxNumberOfFiles: 1 },
  })
  const file = files[0]
  return (
    <section aria-labelledby="avatar-title" style={{ display: 'grid', gap: 8, maxWidth: 320 }}>
      <h2 id="avatar-title">Your avatar</h2>
      <label>
        Pick a picture
        <input type="file" accept="image/*" onChange={(event) => addFiles(event.currentTarget.files ?? [])} />
      </label>
      {file && (
        <p data-testid="avatar-status" data-status={status}>
          {file.name} ({formatBytes(file.size)}): {status === 'complete' ? 'saved' : `${Math.round(progress * 100)}%`}{' '}
          <button type="button" onClick={() => remove(file.id)}>
            Choose another
          </button>
        </p>
      )}
    </section>
  )
}

const meta = {
  title: 'Headless/Custom UI with useS3Upload',
  component: AvatarPicker,
  parameters: { msw: { handlers: mockStore().handlers } },
} satisfies Meta<typeof AvatarPicker>

export default meta

export const AvatarUpload: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.upload(canvas.getByLabelText('Pick a picture'), new File([new Uint8Array(512)], 'me.png', { type: 'image/png' }))
    const status = await canvas.findByTestId('avatar-status')
    await waitFor(() => expect(status).toHaveTextContent('me.png (512 B): saved'))
    await expect(canvas.getByRole('button', { name: 'Choose another' })).toBeEnabled()
  },
}
