import { expect, it } from 'vitest'
import { CONFIRM_WINDOW_MS, createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import { manualClock } from '../manual-clock.js'
import { confirm, endpoint, operations, put } from './batch-endpoint.js'

it('gathers confirms over a longer window than signing: files landing 30 ms apart are confirmed in one request', async () => {
  const { clock, advance } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock })
  const first = client.send(confirm('a'))
  advance(30)
  const second = client.send(confirm('b'))
  advance(CONFIRM_WINDOW_MS - 31) // the default window, counted from the first confirm
  expect(server.bodies).toHaveLength(0)
  advance(1)
  await Promise.all([first, second])
  expect(server.bodies.map(operations)).toEqual([['confirmUpload', 'confirmUpload']])
})

it('sends waiting confirms along with a signing request, at the signing window', async () => {
  const { clock, advance } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock, confirmWindowMs: 50 })
  const confirmed = client.send(confirm('a'))
  advance(10)
  const signed = client.send(put('b.txt'))
  advance(4)
  expect(server.bodies).toHaveLength(0)
  advance(1)
  await Promise.all([confirmed, signed])
  expect(server.bodies.map(operations)).toEqual([['confirmUpload', 'putObject']])
  // Nothing is left on the clock to send.
  advance(100)
  expect(server.bodies).toHaveLength(1)
})
