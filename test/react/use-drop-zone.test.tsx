import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRef } from 'react'
import { expect, it, vi } from 'vitest'
import { useDropZone, type UseDropZoneOptions } from '../../src/react/index.js'

const text = (name: string) => new File(['x'], name, { type: 'text/plain' })

function CustomZone({ onDrop, inputRef, ...options }: UseDropZoneOptions & { onDrop?: (event: React.DragEvent) => void; inputRef?: React.Ref<HTMLInputElement> }) {
  const { getRootProps, getButtonProps, getInputProps, isDragActive } = useDropZone(options)
  return (
    <section {...getRootProps({ 'aria-label': 'Attachments', onDrop })}>
      <button {...getButtonProps()}>Attach files</button>
      <input {...getInputProps({ 'aria-label': 'Attachment files', ref: inputRef })} />
      <p>{isDragActive ? 'Drop to attach' : 'Drag files here'}</p>
    </section>
  )
}

it('opens the picker from a real button and hands over the picked files', async () => {
  const onFiles = vi.fn()
  const inputRef = createRef<HTMLInputElement>()
  render(<CustomZone onFiles={onFiles} inputRef={inputRef} />)
  const button = screen.getByRole('button', { name: 'Attach files' })
  expect(button).toHaveAttribute('type', 'button')
  const input = screen.getByLabelText('Attachment files')
  expect(inputRef.current).toBe(input) // the caller's ref is kept beside the hook's
  const clicked = vi.fn()
  input.addEventListener('click', clicked)
  await userEvent.click(button)
  expect(clicked).toHaveBeenCalled()
  await userEvent.upload(input, [text('a.txt'), text('b.txt')])
  expect(onFiles).toHaveBeenCalledWith([expect.objectContaining({ name: 'a.txt' }), expect.objectContaining({ name: 'b.txt' })])
  expect(input).toHaveAttribute('tabindex', '-1')
})

it('shows isDragActive while files are over the zone, takes the drop, and runs the caller’s onDrop first', async () => {
  const onFiles = vi.fn()
  const calls: string[] = []
  render(<CustomZone onFiles={(files) => (calls.push('ours'), onFiles(files))} onDrop={() => calls.push('theirs')} />)
  const zone = screen.getByRole('region', { name: 'Attachments' })
  fireEvent.dragOver(zone, { dataTransfer: { items: [], files: [] } })
  expect(screen.getByText('Drop to attach')).toBeVisible()
  expect(zone).toHaveAttribute('data-dragging')
  fireEvent.drop(zone, { dataTransfer: { items: [], files: [text('dropped.txt')] } })
  await waitFor(() => expect(onFiles).toHaveBeenCalledWith([expect.objectContaining({ name: 'dropped.txt' })]))
  expect(calls).toEqual(['theirs', 'ours'])
  expect(screen.getByText('Drag files here')).toBeVisible()
})

it('lets the caller’s handler stop ours, and ignores everything while disabled', async () => {
  const onFiles = vi.fn()
  const { rerender } = render(<CustomZone onFiles={onFiles} onDrop={(event) => event.stopPropagation()} />)
  const zone = screen.getByRole('region', { name: 'Attachments' })
  fireEvent.drop(zone, { dataTransfer: { items: [], files: [text('kept-out.txt')] } })
  rerender(<CustomZone onFiles={onFiles} disabled />)
  fireEvent.drop(zone, { dataTransfer: { items: [], files: [text('disabled.txt')] } })
  fireEvent.paste(zone, { clipboardData: { files: [text('disabled.txt')] } })
  expect(screen.getByRole('button', { name: 'Attach files' })).toBeDisabled()
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(onFiles).not.toHaveBeenCalled()
})

it('takes pasted files (not text), unless noPaste', () => {
  const onFiles = vi.fn()
  const { rerender } = render(<CustomZone onFiles={onFiles} />)
  const button = screen.getByRole('button', { name: 'Attach files' })
  fireEvent.paste(button, { clipboardData: { files: [] } })
  expect(onFiles).not.toHaveBeenCalled()
  fireEvent.paste(button, { clipboardData: { files: [text('pasted.txt')] } })
  expect(onFiles).toHaveBeenCalledWith([expect.objectContaining({ name: 'pasted.txt' })])
  rerender(<CustomZone onFiles={onFiles} noPaste />)
  fireEvent.paste(button, { clipboardData: { files: [text('again.txt')] } })
  expect(onFiles).toHaveBeenCalledTimes(1)
})
