import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'

/** One MSW server per test file, failing on any request no handler expects, and a spy on unhandled rejections. */
export function useMswServer() {
  const server = setupServer()
  const unhandled = vi.fn()
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' })
    process.on('unhandledRejection', unhandled)
  })
  afterEach(() => {
    server.resetHandlers()
    unhandled.mockReset()
  })
  afterAll(() => {
    server.close()
    process.off('unhandledRejection', unhandled)
  })
  return { server, unhandled }
}
