import { act, waitFor } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { PresignProvider, SignedImage } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { png, stubImageLoading } from './image-support.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

it('hydrates the server placeholder without a mismatch, then loads the image', async () => {
  stubImageLoading()
  const storage = createMockStorage()
  storage.objects.set('users/1/cat.png', { ...png(), key: 'users/1/cat.png' })
  server.use(...storage.handlers)
  const page = (
    <StrictMode>
      <PresignProvider endpoint="/api/s3">
        <p>Profile</p>
        <SignedImage objectKey="users/1/cat.png" alt="A cat" fallback={<span>Loading</span>} fallbackDelayMs={0} />
      </PresignProvider>
    </StrictMode>
  )
  const container = document.createElement('div')
  container.innerHTML = renderToString(page)
  document.body.append(container)
  const consoleError = vi.spyOn(console, 'error')
  const recoverable = vi.fn()
  await act(async () => {
    hydrateRoot(container, page, { onRecoverableError: recoverable })
  })
  const img = container.querySelector('img')!
  await waitFor(() => expect(img).toHaveAttribute('data-state', 'loaded'))
  expect(recoverable).not.toHaveBeenCalled()
  expect(consoleError).not.toHaveBeenCalled()
  // The server's <img> element was adopted, not replaced.
  expect(container.querySelectorAll('img')).toHaveLength(1)
  vi.unstubAllGlobals()
  container.remove()
})
