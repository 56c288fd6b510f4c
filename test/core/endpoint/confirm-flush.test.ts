import { expect, it } from 'vitest'
import { createBatchingClient } from '../../../src/core/endpoint/batching-endpoint-client.js'
import { createEndpointClient } from '../../../src/core/endpoint/endpoint-client.js'
import { manualClock } from '../manual-clock.js'
import { confirm, endpoint, operations, put } from './batch-endpoint.js'

// `flush()`: what waits for company goes now. The uploader calls it for its last file's confirm,
// which nothing would come to take along (confirm-upload.ts, `alone`).

it('sends the waiting confirms at once, in one request, and leaves nothing on the clock', async () => {
  const { clock, advance, pending } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock, confirmWindowMs: 150 })
  const first = client.send(confirm('a'))
  advance(10)
  const second = client.send(confirm('b'))
  client.flush!()
  await Promise.all([first, second])
  expect(server.bodies.map(operations)).toEqual([['confirmUpload', 'confirmUpload']])
  expect(pending()).toBe(0)
  advance(200)
  expect(server.bodies).toHaveLength(1)
})

it('takes a signing request waiting in its own window along', async () => {
  const { clock } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock })
  const signed = client.send(put('a.txt'))
  const confirmed = client.send(confirm('b'))
  client.flush!()
  await Promise.all([signed, confirmed])
  expect(server.bodies.map(operations)).toEqual([['putObject', 'confirmUpload']])
})

it('sends nothing when nothing waits, and a later confirm still waits for company', async () => {
  const { clock, advance } = manualClock()
  const server = endpoint()
  const client = createBatchingClient({ endpoint: '/api/s3', fetch: server.fetch }, { clock, confirmWindowMs: 150 })
  client.flush!()
  const confirmed = client.send(confirm('a'))
  advance(149)
  expect(server.fetch).toHaveBeenCalledTimes(0)
  advance(1)
  await confirmed
  expect(server.bodies.map(operations)).toEqual([['confirmUpload']])
})

it('is not there on a client that never waits', () => {
  expect(createEndpointClient({ endpoint: '/api/s3' }).flush).toBeUndefined()
})
