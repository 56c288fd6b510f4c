import { describe, expect, it } from 'vitest'
import { listAllParts } from '../../../src/core/transfer/list-parts.js'
import { mockS3, useMockS3Server } from './mock-s3.js'

useMockS3Server()

describe('listAllParts', () => {
  it('reads every page of an upload with more than 1000 parts, each page URL signed with its marker', async () => {
    const s3 = mockS3()
    const context = s3.context()
    const created = await context.cache.sign({ operation: 'createMultipartUpload', file: { name: 'huge.bin', size: 1, type: '' } }, new AbortController().signal)
    const createdReply = await fetch(created.url, { method: 'POST', headers: created.headers })
    const uploadId = /<UploadId>(.+)<\/UploadId>/.exec(await createdReply.text())![1]!
    // 2500 parts, stored as the mock keeps them (sending 2500 bodies through MSW would only be slower).
    const upload = s3.storage.multipartUploads.get(uploadId)!
    for (let n = 1; n <= 2500; n++) upload.parts.set(n, { body: new Uint8Array([n % 256]), etag: `"${n.toString(16).padStart(32, '0')}"` })
    const parts = await listAllParts(context, { key: created.key, uploadId }, new AbortController().signal)
    expect(parts.map((part) => part.partNumber)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1))
    expect(parts[1499]).toEqual({ partNumber: 1500, etag: `"${(1500).toString(16).padStart(32, '0')}"`, size: 1 })
    const listings = s3.storage.signingRequests.filter((request) => request.operation === 'listParts')
    expect(listings.map((request) => request.partNumberMarker)).toEqual([undefined, 1000, 2000])
  })
})
