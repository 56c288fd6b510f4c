import { expect, userEvent, waitFor, within } from 'storybook/test'

/** The file most `<S3Uploader>` stories pick: 2 KiB, one PUT. */
export const photo = () => new File([new Uint8Array(2048)], 'holiday photo.png', { type: 'image/png' })

/** Picks `files` in the uploader's file input, as a person would. */
export async function pick(canvasElement: HTMLElement, ...files: File[]) {
  const canvas = within(canvasElement)
  await userEvent.upload(canvas.getByLabelText('Files to upload'), files)
  return canvas
}

/** The row of `name` once it shows `status`. */
export async function rowWithStatus(canvasElement: HTMLElement, name: string, status: string, timeout?: number) {
  const row = (await within(canvasElement).findByText(name)).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', status), timeout === undefined ? undefined : { timeout })
  return row
}

/** A failed row, its reason in words, and a Retry button named after the file. */
export async function expectFailed(canvasElement: HTMLElement, message: RegExp, name = 'holiday photo.png') {
  const row = await rowWithStatus(canvasElement, name, 'error')
  await expect(within(row).getByText(message)).toBeVisible()
  await expect(within(row).getByRole('button', { name: `Retry ${name}` })).toBeEnabled()
  return row
}
