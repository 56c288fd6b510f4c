import { act, render, screen, waitFor } from '@testing-library/react'
import { delay, http } from 'msw'
import { StrictMode, type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PresignProvider, SignedImage, type SignedImageStatus } from '../../src/react/index.js'
import { createMockStorage, type MockStorageOptions } from '../../src/testing/index.js'
import { png, recordSrc, stubImageLoading } from './image-support.js'
import { useMswServer } from './msw-server.js'

const { server, unhandled } = useMswServer()
// Runs before useMswServer's own afterEach resets the spy (Vitest runs after-hooks in reverse).
afterEach(() => {
  vi.unstubAllGlobals()
  expect(unhandled).not.toHaveBeenCalled()
})

function setup(options: MockStorageOptions = {}, keys = ['users/1/cat.png', 'users/1/dog.png']) {
  stubImageLoading()
  const storage = createMockStorage(options)
  for (const key of keys) storage.objects.set(key, { ...png(key), key })
  server.use(...storage.handlers)
  // Signing requests; the check after a failed load is counted on its own.
  const getObjectsRequests = () => storage.signingRequests.filter((request) => request.operation === 'getObjects' && !request.check)
  const checkRequests = () => storage.signingRequests.filter((request) => request.operation === 'getObjects' && request.check)
  const wrap = (children: ReactNode) => (
    <StrictMode>
      <PresignProvider endpoint="/api/s3">{children}</PresignProvider>
    </StrictMode>
  )
  return { storage, getObjectsRequests, checkRequests, wrap }
}

const imageOf = (alt: string) => screen.getByAltText(alt)

describe('<SignedImage>', () => {
  it('shows the object once its signed URL has loaded, passing props through to <img>', async () => {
    const { wrap } = setup()
    const statuses: SignedImageStatus[] = []
    render(wrap(
      <SignedImage objectKey="users/1/cat.png" alt="A cat" className="photo" width={40} onStatusChange={(s) => statuses.push(s)} />,
    ))
    const img = imageOf('A cat')
    expect(img).not.toHaveAttribute('src')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    expect(img.getAttribute('src')).toMatch(/^https:\/\/bucket\.s3\.test\/users%2F1%2Fcat\.png\?X-Amz-Date=/)
    expect(img).toHaveClass('photo')
    expect(img).toHaveAttribute('width', '40')
    // onStatusChange runs in an effect after the render that set data-state.
    await waitFor(() => expect(statuses.at(-1)).toBe('loaded'))
    expect(statuses).toContain('loading')
    expect(statuses).not.toContain('error')
  })

  it('signs a key once however many images show it, and batches keys into one request', async () => {
    const { getObjectsRequests, wrap } = setup()
    render(wrap(
      <>
        <SignedImage objectKey="users/1/cat.png" alt="cat 1" />
        <SignedImage objectKey="users/1/cat.png" alt="cat 2" />
        <SignedImage objectKey="users/1/dog.png" alt="dog" />
      </>,
    ))
    await waitFor(() => expect(imageOf('dog')).toHaveAttribute('data-state', 'loaded'))
    await waitFor(() => expect(imageOf('cat 2')).toHaveAttribute('data-state', 'loaded'))
    expect(getObjectsRequests()).toEqual([{ operation: 'getObjects', keys: ['users/1/cat.png', 'users/1/dog.png'] }])
    expect(imageOf('cat 1').getAttribute('src')).toBe(imageOf('cat 2').getAttribute('src'))
  })

  it('keeps the picture it decoded while the cache re-signs: no new download, never without a src', async () => {
    // 2-second URLs: re-signed about every 0.85 s, and kept ready rather than swapped in.
    const { getObjectsRequests, storage, wrap } = setup({ getObjectExpiresIn: 2 })
    const statuses: SignedImageStatus[] = []
    render(wrap(<SignedImage objectKey="users/1/cat.png" alt="A cat" onStatusChange={(s) => statuses.push(s)} />))
    const img = imageOf('A cat')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    const srcs = recordSrc(img)
    const reads = storage.objectReads.length
    await waitFor(() => expect(getObjectsRequests().length).toBeGreaterThanOrEqual(3), { timeout: 4000 })
    expect(srcs).toHaveLength(1)
    expect(srcs).not.toContain('(none)')
    expect(storage.objectReads).toHaveLength(reads)
    expect(img).toHaveAttribute('data-state', 'loaded')
    expect(statuses).not.toContain('error')
  })

  it('puts the fresh URL on screen when the browser drops the picture and its old URL fails', async () => {
    const { getObjectsRequests, wrap } = setup({ getObjectExpiresIn: 2 })
    render(wrap(<SignedImage objectKey="users/1/cat.png" alt="A cat" />))
    const img = imageOf('A cat')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    const first = img.getAttribute('src')
    await waitFor(() => expect(getObjectsRequests().length).toBeGreaterThanOrEqual(3), { timeout: 4000 })
    const signed = getObjectsRequests().length
    await act(async () => {
      img.dispatchEvent(new Event('error'))
    })
    await waitFor(() => expect(img.getAttribute('src')).not.toBe(first))
    expect(img).toHaveAttribute('data-state', 'loaded')
    // The cache had a fresh URL ready: nothing extra was signed for the swap.
    expect(getObjectsRequests().length - signed).toBeLessThanOrEqual(1)
  })

  it('shows the error state and the fallback for a key the user may not read', async () => {
    const { wrap } = setup({ canRead: (key) => key.startsWith('users/1/') }, ['users/2/secret.png'])
    const onStatusChange = vi.fn()
    render(wrap(
      <SignedImage objectKey="users/2/secret.png" alt="Secret" fallback={<span>No access</span>} onStatusChange={onStatusChange} />,
    ))
    expect(await screen.findByText('No access')).toBeVisible()
    const img = screen.getByAltText('Secret')
    expect(img).toHaveAttribute('data-state', 'error')
    expect(img).toHaveAttribute('data-error', 'forbidden')
    expect(img).not.toBeVisible()
    expect(onStatusChange).toHaveBeenLastCalledWith('error', { kind: 'forbidden', error: expect.objectContaining({ serverCode: 'KEY_OUTSIDE_PREFIX' }) })
  })

  it('re-signs once when the store refuses the image, then has the key checked: not found', async () => {
    const { checkRequests, getObjectsRequests, storage, wrap } = setup({}, [])
    const onStatusChange = vi.fn()
    render(wrap(<SignedImage objectKey="users/1/gone.png" alt="Gone" onStatusChange={onStatusChange} />))
    const img = imageOf('Gone')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'error'))
    expect(img).toHaveAttribute('data-error', 'not-found')
    expect(getObjectsRequests()).toHaveLength(2)
    expect(checkRequests()).toEqual([{ operation: 'getObjects', keys: ['users/1/gone.png'], check: true }])
    expect(storage.objectReads.map((read) => read.status)).toEqual([404, 404])
    expect(onStatusChange).toHaveBeenLastCalledWith('error', { kind: 'not-found', error: expect.objectContaining({ serverCode: 'OBJECT_NOT_FOUND' }) })
  })

  it('stays loaded, marked stale, while the endpoint is down, and recovers when it is back', async () => {
    const { storage, wrap } = setup({ getObjectExpiresIn: 2 })
    let down = false
    server.use(http.post('/api/s3', () => (down ? new Response('down', { status: 503 }) : undefined)))
    const statuses: SignedImageStatus[] = []
    render(wrap(<SignedImage objectKey="users/1/cat.png" alt="A cat" onStatusChange={(s) => statuses.push(s)} />))
    const img = imageOf('A cat')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    down = true
    await waitFor(() => expect(img).toHaveAttribute('data-stale'), { timeout: 5000 })
    expect(img).toHaveAttribute('data-state', 'loaded')
    expect(img).toHaveAttribute('src')
    const signed = storage.signingRequests.length
    down = false
    await waitFor(() => expect(storage.signingRequests.length).toBeGreaterThan(signed), { timeout: 5000 })
    await waitFor(() => expect(img).not.toHaveAttribute('data-stale'))
    expect(statuses).not.toContain('error')
  })

  it('recovers when the visible image fails (an expired cached URL) by re-signing', async () => {
    const { getObjectsRequests, wrap } = setup()
    const onError = vi.fn()
    render(wrap(<SignedImage objectKey="users/1/cat.png" alt="A cat" onError={onError} />))
    const img = imageOf('A cat')
    await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
    const first = img.getAttribute('src')
    await act(async () => {
      img.dispatchEvent(new Event('error'))
    })
    await waitFor(() => expect(img.getAttribute('src')).not.toBe(first))
    expect(img).toHaveAttribute('data-state', 'loaded')
    expect(getObjectsRequests()).toHaveLength(2)
    expect(onError).toHaveBeenCalledOnce()
  })

  it('shows the fallback while loading only after fallbackDelayMs', async () => {
    const { wrap } = setup()
    // Runs first, then falls through to the mock endpoint.
    server.use(http.post('/api/s3', async () => {
      await delay(400)
    }))
    render(wrap(<SignedImage objectKey="users/1/cat.png" alt="A cat" fallback={<span>Loading…</span>} fallbackDelayMs={100} />))
    expect(screen.queryByText('Loading…')).toBeNull()
    expect(await screen.findByText('Loading…')).toBeVisible()
    await waitFor(() => expect(imageOf('A cat')).toHaveAttribute('data-state', 'loaded'))
    expect(screen.queryByText('Loading…')).toBeNull()
  })

  it('stops signing and removes its listeners when unmounted', async () => {
    const { getObjectsRequests, wrap } = setup({ getObjectExpiresIn: 2 })
    const added = vi.spyOn(document, 'addEventListener')
    const removed = vi.spyOn(document, 'removeEventListener')
    const view = render(wrap(<SignedImage objectKey="users/1/cat.png" alt="A cat" />))
    await waitFor(() => expect(imageOf('A cat')).toHaveAttribute('data-state', 'loaded'))
    view.unmount()
    const count = getObjectsRequests().length
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(getObjectsRequests()).toHaveLength(count)
    const visibility = (spy: typeof added) => spy.mock.calls.filter(([type]) => type === 'visibilitychange').length
    expect(visibility(added)).toBeGreaterThan(0)
    expect(visibility(removed)).toBe(visibility(added))
  })

  it('tells the developer what is missing when there is no endpoint', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => render(<SignedImage objectKey="a.png" alt="" />)).toThrow(/PresignProvider/)
  })
})
