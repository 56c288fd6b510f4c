import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { RestrictionError, S3Uploader, type Restrictions } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server, unhandled } = useMswServer()

function setup(restrictions: Restrictions) {
  const storage = createMockStorage()
  server.use(...storage.handlers)
  const onRestrictionFailed = vi.fn<(error: RestrictionError) => void>()
  const onUploadComplete = vi.fn()
  // applyAccept: false is the user switching the dialog to "All files".
  const user = userEvent.setup({ applyAccept: false })
  render(
    <StrictMode>
      <S3Uploader
        endpoint="/api/s3"
        restrictions={restrictions}
        onRestrictionFailed={onRestrictionFailed}
        onUploadComplete={onUploadComplete}
      />
    </StrictMode>,
  )
  const pick = (...files: File[]) => user.upload(screen.getByLabelText('Files to upload'), files)
  return { storage, onRestrictionFailed, onUploadComplete, pick, user }
}

const file = (name: string, content: string, type = 'text/plain') => new File([content], name, { type })

async function expectRejected(name: string, reason: RegExp | string) {
  const row = (await screen.findByText(name)).closest('li')!
  expect(row).toHaveAttribute('data-status', 'rejected')
  expect(within(row).getByText('Not added')).toBeVisible()
  expect(within(row).getByText(reason)).toBeVisible()
  expect(within(row).getByRole('button', { name: `Dismiss ${name}` })).toBeEnabled()
  return row
}

/** The accepted files upload; the refused ones never reach the endpoint. */
async function expectOnlySigned(storage: ReturnType<typeof createMockStorage>, names: string[]) {
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(`${names.length} of ${names.length}`))
  expect(storage.signingRequests.map((request) => ('file' in request ? request.file.name : '')).sort()).toEqual(names.sort())
  expect(unhandled).not.toHaveBeenCalled()
}

describe('restrictions, checked before any request', () => {
  it('maxFileSize refuses a larger file and says so in words', async () => {
    const { storage, onRestrictionFailed, pick } = setup({ maxFileSize: 1024 })
    await pick(file('big.txt', 'x'.repeat(1536)), file('small.txt', 'ok'))
    await expectRejected('big.txt', 'This file is 1.5 kB; files may be at most 1 kB.')
    expect(onRestrictionFailed).toHaveBeenCalledTimes(1)
    const [error] = onRestrictionFailed.mock.calls[0]!
    expect(error).toBeInstanceOf(RestrictionError)
    expect(error).toMatchObject({ code: 'FILE_TOO_LARGE', limit: 1024, file: { name: 'big.txt', size: 1536 } })
    await expectOnlySigned(storage, ['small.txt'])
  })

  it('minFileSize refuses a smaller file, an empty one included', async () => {
    const { storage, onRestrictionFailed, pick } = setup({ minFileSize: 3 })
    await pick(file('empty.txt', ''), file('enough.txt', 'abc'))
    await expectRejected('empty.txt', /files must be at least 3 B\b/)
    expect(onRestrictionFailed.mock.calls[0]![0]).toMatchObject({ code: 'FILE_TOO_SMALL', limit: 3 })
    await expectOnlySigned(storage, ['enough.txt'])
  })

  it('maxNumberOfFiles keeps the first files and refuses the rest', async () => {
    const { storage, onRestrictionFailed, pick } = setup({ maxNumberOfFiles: 2 })
    await pick(file('1.txt', 'a'), file('2.txt', 'b'), file('3.txt', 'c'))
    await expectRejected('3.txt', 'At most 2 files can be added.')
    expect(onRestrictionFailed.mock.calls.map(([error]) => error.code)).toEqual(['TOO_MANY_FILES'])
    await expectOnlySigned(storage, ['1.txt', '2.txt'])
  })

  it('maxTotalFileSize refuses the file that would go over the total', async () => {
    const { storage, onRestrictionFailed, pick } = setup({ maxTotalFileSize: 15 })
    await pick(file('first.txt', 'hello world'), file('second.txt', 'hello world'))
    await expectRejected('second.txt', 'All files together may be at most 15 B.')
    expect(onRestrictionFailed.mock.calls[0]![0]).toMatchObject({ code: 'TOTAL_TOO_LARGE', limit: 15 })
    await expectOnlySigned(storage, ['first.txt'])
  })

  it('allowedFileTypes matches MIME wildcards and extensions, and sets the picker accept', async () => {
    const { storage, onRestrictionFailed, pick } = setup({ allowedFileTypes: ['image/*', '.pdf'] })
    expect(screen.getByLabelText('Files to upload')).toHaveAttribute('accept', 'image/*,.pdf')
    await pick(file('photo.png', 'png', 'image/png'), file('Report.PDF', 'pdf', ''), file('notes.txt', 'txt'))
    await expectRejected('notes.txt', 'This type of file is not allowed (allowed: image/* or .pdf).')
    expect(onRestrictionFailed.mock.calls[0]![0]).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', limit: ['image/*', '.pdf'] })
    await expectOnlySigned(storage, ['photo.png', 'Report.PDF'])
  })

  it('refuses the same file twice', async () => {
    const { onRestrictionFailed, pick } = setup({})
    const same = file('same.txt', 'one')
    await pick(same)
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 of 1 file uploaded'))
    await pick(same)
    const rejected = await screen.findByText('This file is already in the list.')
    expect(rejected.closest('li')).toHaveAttribute('data-status', 'rejected')
    expect(screen.getAllByText('same.txt').map((name) => name.closest('li')!.dataset.status)).toEqual(['complete', 'rejected'])
    expect(onRestrictionFailed.mock.calls[0]![0]).toMatchObject({ code: 'DUPLICATE_FILE' })
  })

  it('announces refused files and forgets them when dismissed, moving focus sensibly', async () => {
    const { pick, user } = setup({ maxFileSize: 2 })
    await pick(file('a.txt', 'aaa'), file('b.txt', 'bbb'))
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('2 not added: a.txt and b.txt'))
    await user.click(screen.getByRole('button', { name: 'Dismiss a.txt' }))
    expect(screen.queryByText('a.txt')).not.toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('button', { name: 'Dismiss b.txt' })).toHaveFocus())
    await user.keyboard(' ')
    expect(screen.queryByRole('list')).not.toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus())
  })
})
