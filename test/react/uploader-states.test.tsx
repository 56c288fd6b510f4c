import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { S3Uploader, type S3UploaderProps } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server } = useMswServer()

/** Holds every PUT until `release()`, so the uploading state can be looked at. */
function gatedStorage() {
  const storage = createMockStorage()
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const hold = http.put('https://bucket.s3.test/:key', async () => {
    await gate
    return undefined // fall through to the in-memory bucket
  })
  server.use(hold, ...storage.handlers)
  return { storage, release }
}

function setup(props: Partial<S3UploaderProps> = {}) {
  const user = userEvent.setup()
  const view = render(
    <StrictMode>
      <S3Uploader endpoint="/api/s3" {...props} />
    </StrictMode>,
  )
  const pick = (...files: File[]) => user.upload(screen.getByLabelText('Files to upload'), files)
  return { user, pick, view }
}

const text = (name: string, content = 'hello') => new File([content], name, { type: 'text/plain' })
const rowOf = (name: string) => screen.getByText(name).closest('li')!

afterEach(() => vi.restoreAllMocks())

describe('states', () => {
  it('idle: a named button described by the hint, no list, nothing announced', () => {
    setup()
    const button = screen.getByRole('button', { name: 'Choose files' })
    expect(button).toHaveAccessibleDescription('or drop or paste them here')
    expect(screen.queryByRole('list')).not.toBeInTheDocument()
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()
    expect(screen.getByRole('status')).toBeEmptyDOMElement()
  })

  it('pending: waiting files with Remove, until upload() is called', async () => {
    createMockStorage()
    const { pick } = setup({ autoUpload: false })
    await pick(text('wait.txt'))
    expect(rowOf('wait.txt')).toHaveAttribute('data-status', 'pending')
    expect(within(rowOf('wait.txt')).getByText('Waiting')).toBeVisible()
    expect(within(rowOf('wait.txt')).getByRole('progressbar', { name: 'Upload progress of wait.txt' })).toHaveAttribute('aria-valuenow', '0')
    expect(screen.getByRole('button', { name: 'Remove wait.txt' })).toBeEnabled()
  })

  it('uploading: Cancel named after the file, one announcement for the batch, then the result', async () => {
    const { storage, release } = gatedStorage()
    const { pick, user } = setup()
    const live = screen.getByRole('status')
    const heard: string[] = []
    new MutationObserver(() => heard.push(live.textContent ?? '')).observe(live, { childList: true, subtree: true, characterData: true })
    await pick(text('a.txt'), text('b.txt'), text('c.txt'))
    await waitFor(() => expect(rowOf('a.txt')).toHaveAttribute('data-status', 'uploading'))
    expect(within(rowOf('a.txt')).getByText('Uploading')).toBeVisible()
    await user.click(screen.getByRole('button', { name: 'Cancel c.txt' }))
    expect(screen.queryByText('c.txt')).not.toBeInTheDocument()
    release()
    await waitFor(() => expect(live).toHaveTextContent('2 of 2 files uploaded'))
    // (msw cannot abort a request already in flight, so only the list is checked for c.txt.)
    expect([...storage.objects.keys()]).toEqual(expect.arrayContaining([expect.stringMatching(/a\.txt$/), expect.stringMatching(/b\.txt$/)]))
    // Not one message per file or per progress tick.
    expect([...new Set(heard)]).toEqual(['Uploading 3 files', 'Uploading 2 files', '2 of 2 files uploaded'])
  })

  it('complete: the total bar shows bytes in words and 100%', async () => {
    createMockStorage()
    server.use(...createMockStorage().handlers)
    const { pick } = setup()
    await pick(text('done.txt', 'x'.repeat(2048)))
    await waitFor(() => expect(rowOf('done.txt')).toHaveAttribute('data-status', 'complete'))
    const total = screen.getByRole('progressbar', { name: 'Total upload progress' })
    expect(total).toHaveAttribute('aria-valuenow', '100')
    expect(total).toHaveAttribute('aria-valuetext', '100% (2 kB of 2 kB)')
  })
})

describe('adding files', () => {
  it('opens the picker from the keyboard: Tab to the button, then Enter or Space', async () => {
    const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {})
    const { user } = setup()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(click).toHaveBeenCalledTimes(1)
    await user.keyboard(' ')
    expect(click).toHaveBeenCalledTimes(2)
  })

  it('takes files pasted while the widget has focus', async () => {
    server.use(...createMockStorage().handlers)
    setup({ autoUpload: false })
    fireEvent.paste(screen.getByRole('button', { name: 'Choose files' }), { clipboardData: { files: [text('pasted.txt')] } })
    expect(await screen.findByText('pasted.txt')).toBeVisible()
  })

  it('takes dropped files, walking into dropped folders', async () => {
    setup({ autoUpload: false })
    const entry = (file: File) => ({ isFile: true, isDirectory: false, file: (done: (file: File) => void) => done(file) })
    let reads = 0
    const folder = {
      isFile: false,
      isDirectory: true,
      createReader: () => ({
        // Like Chromium: entries come in batches, then an empty batch.
        readEntries: (done: (entries: unknown[]) => void) =>
          done(reads++ === 0 ? [entry(text('in-folder-1.txt')), entry(text('in-folder-2.txt'))] : []),
      }),
    }
    const loose = text('loose.txt')
    const items = [
      { kind: 'file', webkitGetAsEntry: () => entry(loose), getAsFile: () => loose },
      { kind: 'file', webkitGetAsEntry: () => folder, getAsFile: () => null },
    ]
    const zone = screen.getByRole('button', { name: 'Choose files' }).parentElement!
    fireEvent.dragOver(zone, { dataTransfer: { items, files: [] } })
    expect(zone).toHaveAttribute('data-dragging')
    fireEvent.drop(zone, { dataTransfer: { items, files: [] } })
    for (const name of ['loose.txt', 'in-folder-1.txt', 'in-folder-2.txt']) expect(await screen.findByText(name)).toBeVisible()
    expect(zone).not.toHaveAttribute('data-dragging')
  })

  it('keeps the rest of a drop when one dropped entry cannot be read', async () => {
    setup({ autoUpload: false })
    const entry = (file: File) => ({ isFile: true, isDirectory: false, file: (done: (file: File) => void) => done(file) })
    // Like a dangling symlink or a file removed since the drag began: file() errors.
    const unreadable = {
      isFile: true,
      isDirectory: false,
      file: (_done: unknown, fail: (error: Error) => void) => fail(new DOMException('A requested file or directory could not be found', 'NotFoundError')),
    }
    let reads = 0
    const folder = {
      isFile: false,
      isDirectory: true,
      name: 'docs',
      createReader: () => ({
        readEntries: (done: (entries: unknown[]) => void) => done(reads++ === 0 ? [entry(text('in-folder.txt'))] : []),
      }),
    }
    const before = text('before.txt')
    const after = text('after.txt')
    const items = [
      { kind: 'file', webkitGetAsEntry: () => entry(before), getAsFile: () => before },
      { kind: 'file', webkitGetAsEntry: () => unreadable, getAsFile: () => null },
      { kind: 'file', webkitGetAsEntry: () => folder, getAsFile: () => null },
      { kind: 'file', webkitGetAsEntry: () => entry(after), getAsFile: () => after },
    ]
    const zone = screen.getByRole('button', { name: 'Choose files' }).parentElement!
    fireEvent.drop(zone, { dataTransfer: { items, files: [] } })
    for (const name of ['before.txt', 'in-folder.txt', 'after.txt']) expect(await screen.findByText(name)).toBeVisible()
    expect(screen.getAllByRole('listitem')).toHaveLength(3)
  })

  it('previews images with an object URL that is revoked when the row goes', async () => {
    const created: string[] = []
    URL.createObjectURL = vi.fn(() => `blob:preview-${created.push('x')}`)
    URL.revokeObjectURL = vi.fn()
    const { pick, user, view } = setup({ autoUpload: false })
    await pick(new File(['png'], 'photo.png', { type: 'image/png' }), text('notes.txt'))
    await waitFor(() => expect(view.container.querySelector('img')).toHaveAttribute('src', expect.stringMatching(/^blob:preview-/)))
    expect(view.container.querySelectorAll('img')).toHaveLength(1) // not for the text file
    const src = view.container.querySelector('img')!.getAttribute('src')
    await user.click(screen.getByRole('button', { name: 'Remove photo.png' }))
    expect(URL.revokeObjectURL).toHaveBeenCalledWith(src)
  })
})

describe('focus after removal', () => {
  it('moves to the next row, then the previous, then the Choose files button', async () => {
    const { pick, user } = setup({ autoUpload: false })
    await pick(text('1.txt'), text('2.txt'), text('3.txt'))
    await user.click(screen.getByRole('button', { name: 'Remove 2.txt' }))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove 3.txt' })).toHaveFocus())
    await user.keyboard('{Enter}')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove 1.txt' })).toHaveFocus())
    await user.keyboard(' ')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus())
  })
})

describe('locale and theming', () => {
  it('takes part of a locale and formats sizes in its language', async () => {
    const { pick } = setup({
      autoUpload: false,
      locale: { language: 'de', chooseFiles: 'Dateien auswählen', status: { pending: 'Wartet' } },
    })
    expect(screen.getByRole('button', { name: 'Dateien auswählen' })).toBeVisible()
    await pick(text('groß.txt', 'x'.repeat(1536)))
    const row = rowOf('groß.txt')
    expect(within(row).getByText('1,5 kB')).toBeVisible()
    expect(within(row).getByText('Wartet')).toBeVisible()
    expect(within(row).getByRole('button', { name: 'Remove groß.txt' })).toBeVisible() // the rest stays English
  })

  it('adds classNames per part, and drops every rps3- class when unstyled', async () => {
    const { pick, view } = setup({
      autoUpload: false,
      unstyled: true,
      colorScheme: 'dark',
      classNames: { root: 'my-root', file: 'my-file', chooseButton: 'my-button' },
    })
    await pick(text('a.txt'))
    const root = view.container.firstElementChild!
    expect(root).toHaveClass('my-root')
    expect(root).toHaveAttribute('data-color-scheme', 'dark')
    expect(rowOf('a.txt')).toHaveClass('my-file')
    expect(screen.getByRole('button', { name: 'Choose files' })).toHaveClass('my-button')
    expect(view.container.querySelectorAll('[class*="rps3-"]')).toHaveLength(0)
  })

  it('keeps the default classes and adds the host app\'s', () => {
    const { view } = setup({ className: 'extra', classNames: { dropzone: 'zone' } })
    expect(view.container.firstElementChild).toHaveClass('rps3-uploader', 'extra')
    expect(screen.getByRole('button', { name: 'Choose files' }).parentElement).toHaveClass('rps3-dropzone', 'zone')
  })
})
