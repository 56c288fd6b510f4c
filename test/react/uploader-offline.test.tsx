import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { expect, it, vi } from 'vitest'
import type { NetworkWatch } from '../../src/core/transfer/network-watch.js'
import { S3Uploader } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server, unhandled } = useMswServer()

function fakeNetwork(online: boolean) {
  const listeners = new Set<() => void>()
  const watch: NetworkWatch = {
    isOnline: () => online,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
  }
  return {
    watch,
    set(value: boolean) {
      online = value
      for (const listener of [...listeners]) listener()
    },
  }
}

it('shows "Waiting for the network" while offline, says so once, sends nothing, and finishes on reconnect', async () => {
  const storage = createMockStorage()
  let puts = 0
  server.use(http.put('https://bucket.s3.test/:key', () => void (puts += 1)), ...storage.handlers)
  const network = fakeNetwork(false)
  const onError = vi.fn()
  render(<S3Uploader endpoint="/api/s3" network={network.watch} onError={onError} />)
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), [
    new File(['a'], 'a.txt', { type: 'text/plain' }),
    new File(['b'], 'b.txt', { type: 'text/plain' }),
  ])
  const row = (await screen.findByText('a.txt')).closest('li')!
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'waiting-for-network'))
  expect(row).toHaveTextContent('Waiting for the network')
  expect(screen.getByRole('status')).toHaveTextContent('Offline: 2 files wait for the network')
  expect(puts).toBe(0)
  network.set(true)
  await waitFor(() => expect(row).toHaveAttribute('data-status', 'complete'))
  await waitFor(() => expect(storage.objects.size).toBe(2))
  expect(puts).toBe(2)
  expect(onError).not.toHaveBeenCalled()
  expect(unhandled).not.toHaveBeenCalled()
})
