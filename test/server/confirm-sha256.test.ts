import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { UploadCompleteEvent } from '../../src/server/index.js'
import { destroyClients, errorOf, jsonRequest, makeHandler, makeS3 } from './helpers.js'

afterAll(destroyClients)

// confirmUpload with checksumAlgorithm 'sha256': the object is held to the SHA-256 the browser hashed,
// as the store keeps it (HeadObject with checksum mode on). The store is faked here: AWS S3 is out of reach
// and the local stores (RGW 16, s3rver) keep no SHA-256.
const SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
const key = 'uploads/0b7e7a4c-1111-4222-8333-444455556666/note.txt'

function storeWith(head: Record<string, unknown>) {
  const s3 = makeS3()
  const send = vi.spyOn(s3, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof HeadObjectCommand) return { ContentLength: 0, ContentType: 'text/plain', ETag: '"d41d8cd98f00b204e9800998ecf8427e"', ...head }
    return {}
  }) as never)
  return { s3, send }
}

const confirm = (handler: ReturnType<typeof makeHandler>, body: object) => handler(jsonRequest({ operation: 'confirmUpload', key, size: 0, ...body }))

describe('confirmUpload with a SHA-256', () => {
  it('asks the store for its checksum and confirms the object when it is the one hashed', async () => {
    const { s3, send } = storeWith({ ChecksumSHA256: SHA256 })
    const events: UploadCompleteEvent[] = []
    const handler = makeHandler({ s3, requireChecksum: undefined, checksumAlgorithm: 'sha256', onUploadComplete: (event) => void events.push(event) })
    const response = await confirm(handler, { sha256: SHA256 })
    expect(response.status).toBe(200)
    const head = send.mock.calls.map(([command]) => command).find((command) => command instanceof HeadObjectCommand)!
    expect(head.input).toMatchObject({ Key: key, ChecksumMode: 'ENABLED' })
    expect(events[0]).toMatchObject({ key, sha256: SHA256 })
  })

  it.each([
    ['another SHA-256', { ChecksumSHA256: 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=' }, /SHA-256 is not the one/],
    ['none (a store that verifies no SHA-256, such as RGW 16)', {}, /kept no SHA-256/],
  ])('refuses and deletes an object whose store has %s: 422 UPLOAD_MISMATCH', async (_name, head, message) => {
    const { s3, send } = storeWith(head)
    const response = await confirm(makeHandler({ s3, checksumAlgorithm: 'sha256' }), { sha256: SHA256 })
    const error = await errorOf(response)
    expect([response.status, error.code]).toEqual([422, 'UPLOAD_MISMATCH'])
    expect(error.message).toMatch(message)
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toContain('DeleteObjectCommand')
  })

  it('takes a composite checksum for multipart, and refuses a SHA-256 an MD5 server never signed', async () => {
    const { s3 } = storeWith({ ChecksumSHA256: `${SHA256}-3` })
    expect((await confirm(makeHandler({ s3, checksumAlgorithm: 'sha256' }), { sha256: `${SHA256}-3` })).status).toBe(200)
    const md5Server = await confirm(makeHandler({ s3 }), { sha256: SHA256 })
    expect([md5Server.status, (await errorOf(md5Server)).code]).toEqual([400, 'CHECKSUM_ALGORITHM_MISMATCH'])
  })
})
