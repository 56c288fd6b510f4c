// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { afterEach, expect, it, vi } from 'vitest'

// A server render of <S3Uploader> asks for no upload code and arms nothing, whatever `prefetch`
// says: only browser events and effects (which the server never runs) ask.
const chunk = vi.hoisted(() => ({ loads: 0 }))
vi.mock('../../src/core/upload-controller.js', async (importOriginal) => {
  chunk.loads += 1
  return importOriginal()
})

afterEach(() => {
  vi.useRealTimers()
})

it.each(['intent', 'idle'] as const)('renders with prefetch="%s" on the server and loads nothing', async (prefetch) => {
  expect(typeof window).toBe('undefined')
  vi.useFakeTimers()
  const { S3Uploader } = await import('../../src/react/S3Uploader.js')
  const html = renderToString(<S3Uploader endpoint="/api/s3" prefetch={prefetch} />)
  expect(html).toContain('Choose files')
  expect(vi.getTimerCount()).toBe(0)
  await vi.advanceTimersByTimeAsync(60_000)
  expect(chunk.loads).toBe(0)
})
