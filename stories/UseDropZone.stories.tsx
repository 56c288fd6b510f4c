import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useDropZone, useS3Upload } from '../src/react/index.js'
import { mockStore } from './support/mock-store.js'
import { withPresignProvider } from './support/presign-decorator.js'

/**
 * A host app's own attachment box on the two headless hooks: `useDropZone`
 * for drop, paste and a real "Attach files" button; `useS3Upload` for the
 * upload, its endpoint taken from the surrounding `<PresignProvider>`.
 */
function AttachmentBox() {
  const { files, addFiles } = useS3Upload()
  const { getRootProps, getButtonProps, getInputProps, isDragActive } = useDropZone({ onFiles: addFiles })
  return (
    <section
      {...getRootProps({
        'aria-labelledby': 'attachments-title',
        style: { display: 'grid', gap: 8, maxWidth: 360, padding: 16, border: `2px dashed ${isDragActive ? '#0b57d0' : '#767676'}` },
      })}
    >
      <h2 id="attachments-title">Attachments</h2>
      <p id="attachments-hint">{isDragActive ? 'Drop to attach' : 'Drop or paste files here, or'}</p>
      <button {...getButtonProps({ 'aria-describedby': 'attachments-hint' })}>Attach files</button>
      <input {...getInputProps({ 'aria-label': 'Files to attach' })} />
      <ul aria-label="Attached">
        {files.map((file) => (
          <li key={file.id} data-status={file.status}>
            {file.name}: {file.status === 'complete' ? 'attached' : `${Math.round(file.progress * 100)}%`}
          </li>
        ))}
      </ul>
    </section>
  )
}

const meta = {
  title: 'Headless/Custom drop zone with useDropZone',
  component: AttachmentBox,
  decorators: [withPresignProvider],
  parameters: { msw: { handlers: mockStore().handlers } },
} satisfies Meta<typeof AttachmentBox>

export default meta

function transfer(...files: File[]): DataTransfer {
  const data = new DataTransfer()
  for (const file of files) data.items.add(file)
  return data
}

export const DropPasteAndPick: StoryObj<typeof meta> = {
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement)
    const zone = canvas.getByRole('region', { name: 'Attachments' })
    const attached = (name: string) => waitFor(() => expect(canvas.getByText(`${name}: attached`)).toBeVisible())

    await step('pick with the button’s input', async () => {
      await userEvent.upload(canvas.getByLabelText('Files to attach'), new File(['picked'], 'picked.txt', { type: 'text/plain' }))
      await attached('picked.txt')
    })
    await step('drop', async () => {
      const dataTransfer = transfer(new File(['dropped'], 'dropped.txt', { type: 'text/plain' }))
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer, bubbles: true, cancelable: true }))
      await waitFor(() => expect(canvas.getByText('Drop to attach')).toBeVisible())
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }))
      await attached('dropped.txt')
    })
    await step('paste while the button has focus', async () => {
      const button = canvas.getByRole('button', { name: 'Attach files' })
      button.focus()
      const clipboardData = transfer(new File(['pasted'], 'pasted.txt', { type: 'text/plain' }))
      button.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }))
      await attached('pasted.txt')
    })
    await expect(canvas.getByRole('button', { name: 'Attach files' })).toHaveAccessibleDescription('Drop or paste files here, or')
  },
}
