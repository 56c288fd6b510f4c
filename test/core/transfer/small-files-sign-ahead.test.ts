import { afterEach, expect, it, vi } from 'vitest'
import type { StorageTransport } from '../../../src/core/transfer/storage-transport.js'
import { UploadController } from '../../../src/core/upload-controller.js'
import { ENDPOINT, mockS3, useMockS3Server } from './mock-s3.js'

useMockS3Server()
let controller: UploadController | undefined
// Destroyed even when a test fails: its uploads would land in the next test's store.
afterEach(() => {
  controller?.destroy()
  controller = undefined
  vi.restoreAllMocks()
})

const files = (count: number) => Array.from({ length: count }, (_, index) => new File([`file ${index}`], `f${index}.txt`, { type: 'text/plain' }))

/** The mock store behind a transport whose PUT number `held` (0-based) waits until `release()`. */
function holdingPut(held: number) {
  const fake = mockS3()
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  let puts = 0
  const transport: StorageTransport = async (request) => {
    if (request.method === 'PUT' && puts++ === held) await gate
    return fake.transport(request)
  }
  return { fake, transport, release: () => release() }
}

const signedNames = (fake: ReturnType<typeof mockS3>) =>
  fake.storage.signingRequests.flatMap((request) => (request.operation === 'putObject' ? [request.file] : []))

it('signs the next small files (their Content-MD5 in) before they get a slot, long after every file was set up', async () => {
  // Every file's run is set up at the start, and waits for a slot: counting those as started
  // signed nothing ahead, so each of 1000 small files waited for its own hash and signing round trip.
  const { fake, transport, release } = holdingPut(20)
  controller = new UploadController({ endpoint: ENDPOINT, transport, concurrency: 1 })
  const done = new Promise<void>((resolve) => controller!.uppy.on('complete', () => resolve()))
  controller.addFiles(files(40))
  await vi.waitFor(() => expect(fake.storage.objects.size).toBe(20), { timeout: 20_000 })
  // f20's PUT is held: f21 and f22 have no slot, yet their URLs are signed, digests and all.
  await vi.waitFor(() => expect(signedNames(fake).map((file) => file.name)).toEqual(expect.arrayContaining(['f21.txt', 'f22.txt'])), { timeout: 20_000 })
  for (const file of signedNames(fake)) expect(file.md5).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  release()
  await done
  expect(fake.storage.objects.size).toBe(40)
  // Each file signed once: signing ahead and the file's own upload share one URL.
  expect(signedNames(fake)).toHaveLength(40)
}, 30_000)

it('signs small files ahead in batches of several files, not one per freed slot', async () => {
  const fake = mockS3()
  controller = new UploadController({ endpoint: ENDPOINT, transport: fake.transport, concurrency: 2 })
  const done = new Promise<void>((resolve) => controller!.uppy.on('complete', () => resolve()))
  controller.addFiles(files(60))
  await done
  expect(fake.storage.objects.size).toBe(60)
  const putsPerRequest = fake.endpointBodies.map((body) =>
    body.operation === 'putObject' ? 1 : (body.requests ?? []).filter((item) => item.operation === 'putObject').length,
  ).filter((count) => count > 0)
  expect(putsPerRequest.reduce((sum, count) => sum + count, 0)).toBe(60)
  // Topped up to four rounds (8 files) whenever fewer than two rounds (4) are signed: about 5 a request.
  expect(putsPerRequest.length).toBeLessThanOrEqual(60 / 3)
}, 30_000)
