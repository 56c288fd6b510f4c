import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { S3Uploader, type S3UploaderProps } from '../../src/react/index.js'
import { classNameResolver } from '../../src/react/class-names.js'
import { defaultLocale } from '../../src/react/locale.js'
import { ListSummary } from '../../src/react/ListSummary.js'
import { UploaderContext } from '../../src/react/uploader-context.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

// Counts renders of each row: every FileRow render renders its Thumbnail, keyed by the file's Blob.
const thumbnailRenders = vi.hoisted(() => new Map<Blob, number>())
vi.mock('../../src/react/Thumbnail.js', async (importOriginal) => {
  const { Thumbnail } = await importOriginal<typeof import('../../src/react/Thumbnail.js')>()
  return {
    Thumbnail: (props: Parameters<typeof Thumbnail>[0]) => {
      thumbnailRenders.set(props.file, (thumbnailRenders.get(props.file) ?? 0) + 1)
      return Thumbnail(props)
    },
  }
})

const { server, unhandled } = useMswServer()

function setup(props: Partial<S3UploaderProps> = {}) {
  const user = userEvent.setup()
  render(
    <StrictMode>
      <S3Uploader endpoint="/api/s3" {...props} />
    </StrictMode>,
  )
  const pick = (files: File[]) => user.upload(screen.getByLabelText('Files to upload'), files)
  return { user, pick }
}

const text = (name: string) => new File([name], name, { type: 'text/plain' })
const many = (count: number) => Array.from({ length: count }, (_, index) => text(`file-${String(index).padStart(5, '0')}.txt`))
const rowOf = (name: string) => screen.getByText(name).closest('li')!

describe('a row re-renders only when its own file changed', () => {
  it('keeps a waiting file\'s row as it was while another file completes', async () => {
    const storage = createMockStorage()
    const gates = new Map(['fast', 'slow'].map((name) => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      return [name, { gate, release }]
    }))
    const hold = http.put('https://bucket.s3.test/:key+', async ({ request }) => {
      await gates.get(request.url.includes('slow') ? 'slow' : 'fast')!.gate
      return undefined // on to the in-memory bucket
    })
    server.use(hold, ...storage.handlers)
    const fast = text('fast.txt')
    const slow = text('slow.txt')
    const { pick } = setup()
    await pick([fast, slow])
    await waitFor(() => expect(rowOf('slow.txt')).toHaveAttribute('data-status', 'uploading'))
    await waitFor(() => expect(rowOf('fast.txt')).toHaveAttribute('data-status', 'uploading'))
    const slowRendersBefore = thumbnailRenders.get(slow)
    const fastRendersBefore = thumbnailRenders.get(fast)!

    gates.get('fast')!.release()
    await waitFor(() => expect(rowOf('fast.txt')).toHaveAttribute('data-status', 'complete'))
    expect(thumbnailRenders.get(fast)!).toBeGreaterThan(fastRendersBefore) // the changed row did render
    expect(thumbnailRenders.get(slow)).toBe(slowRendersBefore) // the unchanged one did not
    gates.get('slow')!.release()
    await waitFor(() => expect(rowOf('slow.txt')).toHaveAttribute('data-status', 'complete'))
    expect(unhandled).not.toHaveBeenCalled()
  })
})

describe('a long list', () => {
  it('mounts only the rows in view of 5,000 files, and the rows scrolled to', async () => {
    const { pick } = setup({ autoUpload: false })
    await pick(many(5000))
    const list = await screen.findByRole('list', { name: 'Files' })
    await waitFor(() => expect(screen.getByText('0 of 5,000 uploaded')).toBeVisible())
    const mounted = within(list).getAllByRole('listitem')
    // jsdom has no layout: the virtualizer falls back to a 384 px box of 72 px rows, plus 4 rows of overscan.
    expect(mounted.length).toBeLessThanOrEqual(15)
    expect(mounted[0]).toHaveAttribute('aria-posinset', '1')
    expect(mounted[0]).toHaveAttribute('aria-setsize', '5000')
    expect(within(list).getByText('file-00000.txt')).toBeInTheDocument()
    expect(within(list).queryByText('file-00100.txt')).not.toBeInTheDocument()

    const scroller = list.parentElement!
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 2500 * 72 })
    fireEvent.scroll(scroller)
    await waitFor(() => expect(within(list).getByText('file-02500.txt')).toBeInTheDocument())
    expect(within(list).queryByText('file-00000.txt')).not.toBeInTheDocument()
    expect(within(list).getAllByRole('listitem').length).toBeLessThanOrEqual(15)
  })

  it('measures its rows when the ResizeObserver reports, after layout, never forcing one while it mounts', async () => {
    const reports: Array<() => void> = []
    vi.stubGlobal('ResizeObserver', class {
      constructor(private readonly report: () => void) {}
      observe() {
        reports.push(() => this.report())
      }
      disconnect() {}
    })
    const layoutReads = vi.fn(() => 36)
    const offsetHeight = vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(layoutReads)
    const clientHeight = vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(() => 360)
    try {
      const { pick } = setup({ autoUpload: false })
      await pick(many(100))
      const list = await screen.findByRole('list', { name: 'Files' })
      expect(reports.length).toBeGreaterThan(0)
      // Read in the effect that mounted the list, these forced a layout in its task.
      expect(layoutReads).not.toHaveBeenCalled()
      expect(within(list).queryByText('file-00014.txt')).not.toBeInTheDocument() // 72 px rows until measured
      for (const report of reports) report()
      // 36 px rows in a 360 px box: ten in view, four more below.
      await waitFor(() => expect(within(list).getByText('file-00013.txt')).toBeInTheDocument())
      expect(within(list).getAllByRole('listitem')).toHaveLength(14)
    } finally {
      offsetHeight.mockRestore()
      clientHeight.mockRestore()
      vi.unstubAllGlobals()
    }
  })

  it('keeps the focused row mounted when it is scrolled out of view', async () => {
    const { pick } = setup({ autoUpload: false })
    await pick(many(100))
    const remove = await screen.findByRole('button', { name: 'Remove file-00001.txt' })
    remove.focus()
    const list = screen.getByRole('list', { name: 'Files' })
    Object.defineProperty(list.parentElement!, 'scrollTop', { configurable: true, value: 80 * 72 })
    fireEvent.scroll(list.parentElement!)
    await waitFor(() => expect(within(list).getByText('file-00080.txt')).toBeInTheDocument())
    expect(remove).toHaveFocus()
    expect(within(list).getByText('file-00001.txt')).toBeInTheDocument()
  })

  it('moves focus to the next row\'s Remove button after a removal, as in a short list', async () => {
    const { user, pick } = setup({ autoUpload: false })
    await pick(many(30))
    await user.click(await screen.findByRole('button', { name: 'Remove file-00003.txt' }))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove file-00004.txt' })).toHaveFocus())
    expect(screen.queryByText('file-00003.txt')).not.toBeInTheDocument()
  })

  it('summarizes the list and puts the failed files first', async () => {
    const storage = createMockStorage()
    const refuseBad = http.put('https://bucket.s3.test/:key+', ({ request }) =>
      request.url.includes('bad')
        ? new HttpResponse('<Error><Code>AccessDenied</Code></Error>', {
            status: 403,
            headers: { 'content-type': 'application/xml', 'x-amz-error-code': 'AccessDenied' },
          })
        : undefined,
    )
    server.use(refuseBad, ...storage.handlers)
    const { pick } = setup()
    await pick([...many(23), text('bad-1.txt'), text('bad-2.txt')])
    await waitFor(() => expect(screen.getByText('23 of 25 uploaded, 2 failed')).toBeVisible(), { timeout: 10_000 })
    const rows = within(screen.getByRole('list', { name: 'Files' })).getAllByRole('listitem')
    expect(rows.slice(0, 2).map((row) => [row.dataset.status, within(row).getByText(/bad/).textContent])).toEqual([
      ['error', 'bad-1.txt'],
      ['error', 'bad-2.txt'],
    ])
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('23 of 25 files uploaded. 2 failed: bad-1.txt and bad-2.txt'))
  })

  it('says "1,998 of 2,000 uploaded, 2 failed", in the locale\'s plural and number forms', () => {
    const counts = { pending: 0, uploading: 0, 'waiting-for-network': 0, paused: 0, resumable: 0, complete: 1998, error: 2 }
    const context = (locale = defaultLocale) => ({ locale, classNameOf: classNameResolver(undefined, false), unstyled: false })
    const { rerender } = render(
      <UploaderContext.Provider value={context()}>
        <ListSummary total={2000} counts={counts} rejected={0} />
      </UploaderContext.Provider>,
    )
    expect(screen.getByText('1,998 of 2,000 uploaded, 2 failed')).toBeVisible()
    const german = { ...defaultLocale, language: 'de', summaryFailed: { one: '{count} fehlgeschlagen', other: '{count} fehlgeschlagen' } }
    rerender(
      <UploaderContext.Provider value={context(german)}>
        <ListSummary total={2000} counts={{ ...counts, complete: 1999, error: 1 }} rejected={3} />
      </UploaderContext.Provider>,
    )
    expect(screen.getByText('1.999 of 2.000 uploaded, 1 fehlgeschlagen, 3 not added')).toBeVisible()
  })
})
