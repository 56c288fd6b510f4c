import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Md5Hasher } from '../../../src/core/hashing/md5-hasher.js'
import { uploadMultipart, type MultipartJob } from '../../../src/core/transfer/multipart-upload.js'
import { mockS3, useMockS3Server } from './mock-s3.js'
import { multipartJob, PART } from './multipart-job.js'

useMockS3Server()

const md5Of = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('base64')
// Hashes keep ahead of the PUTs, as they do in a browser with workers.
const hasher: Md5Hasher = { md5Base64: async (blob) => md5Of(new Uint8Array(await blob.arrayBuffer())), close() {} }

const job = (data: Buffer, parallel: number) => multipartJob(data, parallel)

describe('uploadMultipart signing part URLs with checksums', () => {
  it('signs hashed parts a round at a time once the next round has URLs, each part once with its MD5', async () => {
    const s3 = mockS3()
    const parts = 24
    const data = randomBytes(parts * PART)
    const result = await uploadMultipart(s3.context({ hasher }), job(data, 3), new AbortController().signal)
    expect(s3.bytesOf(result.key).equals(data)).toBe(true)
    const signParts = s3.storage.signingRequests.flatMap((request) => (request.operation === 'signParts' ? [request] : []))
    const signed = signParts.flatMap((request) => request.partNumbers.map((n, i) => [n, request.md5?.[i]]))
    const partMd5 = (n: number) => md5Of(data.subarray((n - 1) * PART, n * PART))
    expect(signed.sort(([a], [b]) => Number(a) - Number(b))).toEqual(Array.from({ length: parts }, (_, i) => [i + 1, partMd5(i + 1)]))
    // A request per hashed part made 16 here (the parts hashed while the upload was created, then one each).
    expect(signParts.length).toBeLessThanOrEqual(parts / 3 + 1)
  }, 30_000)
})
