import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setupServer } from 'msw/node'
import type { ReactNode } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { PresignProvider, S3Uploader, useSignedUrl } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function setup(options: Parameters<typeof createMockStorage>[0] = {}) {
  const storage = createMockStorage(options)
  server.use(...storage.handlers)
  const wrapper = ({ children }: { children: ReactNode }) => (
    <PresignProvider endpoint={options.endpoint ?? '/api/s3'} headers={{ authorization: 'Bearer t' }}>{children}</PresignProvider>
  )
  return { storage, wrapper }
}

describe('useSignedUrl', () => {
  it('gives a download URL with the content disposition signed in, and the provider\'s headers', async () => {
    const { storage, wrapper } = setup({ canRead: (_key, request) => request.headers.get('authorization') === 'Bearer t' })
    const disposition = 'attachment; filename="report.pdf"'
    const { result } = renderHook(() => useSignedUrl('users/1/report.pdf', { responseContentDisposition: disposition }), { wrapper })
    expect(result.current.status).toBe('loading')
    await waitFor(() => expect(result.current.status).toBe('loaded'))
    expect(result.current.url).toMatch(/^https:\/\/bucket\.s3\.test\/users%2F1%2Freport\.pdf\?/)
    expect(result.current.error).toBeUndefined()
    expect(storage.signingRequests).toEqual([
      { operation: 'getObjects', keys: ['users/1/report.pdf'], responseContentDisposition: disposition },
    ])
  })

  it('refresh() signs a new URL; a refused key reports a typed error', async () => {
    const { wrapper } = setup({ canRead: (key) => key !== 'users/2/secret.pdf' })
    const { result } = renderHook(() => ({ mine: useSignedUrl('users/1/a.pdf'), theirs: useSignedUrl('users/2/secret.pdf') }), { wrapper })
    await waitFor(() => expect(result.current.mine.status).toBe('loaded'))
    const first = result.current.mine.url
    await act(() => result.current.mine.refresh())
    expect(result.current.mine.url).not.toBe(first)
    expect(result.current.theirs.status).toBe('error')
    expect(result.current.theirs.error).toMatchObject({ code: 'ENDPOINT_REJECTED', serverCode: 'KEY_OUTSIDE_PREFIX' })
  })

  it('signs nothing for a null key', async () => {
    const { storage, wrapper } = setup()
    const { result } = renderHook(() => useSignedUrl(null), { wrapper })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(result.current).toMatchObject({ status: 'idle', url: undefined })
    expect(storage.signingRequests).toEqual([])
  })

  it('works without a provider when given an endpoint', async () => {
    const { storage } = setup({ endpoint: '/api/own-endpoint' })
    const { result } = renderHook(() => useSignedUrl('users/1/a.pdf', { endpoint: '/api/own-endpoint' }))
    await waitFor(() => expect(result.current.status).toBe('loaded'))
    expect(storage.signingRequests).toHaveLength(1)
  })
})

describe('<PresignProvider>', () => {
  it('gives <S3Uploader> its endpoint and headers', async () => {
    const { storage, wrapper: Wrapper } = setup({ canRead: () => true })
    const authorizations: Array<string | null> = []
    server.events.on('request:start', ({ request }) => {
      if (request.url.endsWith('/api/s3')) authorizations.push(request.headers.get('authorization'))
    })
    const onUploadComplete = vi.fn()
    render(<Wrapper><S3Uploader onUploadComplete={onUploadComplete} /></Wrapper>)
    await userEvent.setup().upload(screen.getByLabelText('Files to upload'), new File(['hi'], 'hi.txt', { type: 'text/plain' }))
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalled())
    expect(storage.objects.size).toBe(1)
    // putObject, then confirmUpload: both carry the provider's headers.
    expect(authorizations).toEqual(['Bearer t', 'Bearer t'])
    server.events.removeAllListeners()
  })
})
