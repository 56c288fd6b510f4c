import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { useSignedUrl } from '../src/react/index.js'
import { viewerStore } from './support/mock-store.js'
import { withPresignProvider } from './support/presign-decorator.js'

/** `useSignedUrl` for what is not an image: a download link whose URL is signed, kept fresh and made an attachment. */
function DownloadLink({ objectKey, fileName }: { objectKey: string; fileName: string }) {
  const { url, status, error } = useSignedUrl(objectKey, {
    responseContentDisposition: `attachment; filename="${fileName}"`,
  })
  if (status === 'error') return <p role="alert">Cannot offer {fileName}: {error?.message}</p>
  return url ? <a href={url} download={fileName}>Download {fileName}</a> : <span>Preparing the link…</span>
}

const meta = {
  title: 'Hooks/useSignedUrl',
  component: DownloadLink,
  args: { objectKey: 'users/1/report.pdf', fileName: 'report.pdf' },
  decorators: [withPresignProvider],
  parameters: { msw: { handlers: viewerStore([{ key: 'users/1/report.pdf', contentType: 'application/pdf', body: new Uint8Array(64) }]).handlers } },
} satisfies Meta<typeof DownloadLink>

export default meta
type Story = StoryObj<typeof meta>

/** The link appears once signed; its URL asks the store to send the file as an attachment. */
export const Download: Story = {
  play: async ({ canvasElement }) => {
    const link = await within(canvasElement).findByRole('link', { name: 'Download report.pdf' })
    const url = new URL(link.getAttribute('href')!)
    await expect(url.searchParams.get('X-Amz-Expires')).not.toBeNull()
    await expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="report.pdf"')
  },
}

/** Another user's file: the endpoint refuses the key and the hook reports the error. */
export const Refused: Story = {
  args: { objectKey: 'users/2/salaries.pdf', fileName: 'salaries.pdf' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(within(canvasElement).getByRole('alert')).toHaveTextContent('You may not see this file'))
  },
}
