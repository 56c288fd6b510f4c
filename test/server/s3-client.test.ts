import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import type { PutObjectReply, SignPartsReply } from '../../src/protocol/messages.js'
import { createPresignHandler } from '../../src/server/index.js'
import { BUCKET, boundKey, destroyClients, jsonRequest, makeDefaultS3, makeS3, query, smallFile } from './helpers.js'

afterAll(destroyClients)

function checksumParams(url: string): string[] {
  return [...query(url).keys()].filter((name) => name.toLowerCase().includes('checksum'))
}

describe('createS3Client', () => {
  it('turns off checksums that would otherwise be signed into presigned URLs', async () => {
    const s3 = makeS3()
    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED')
    expect(await s3.config.responseChecksumValidation()).toBe('WHEN_REQUIRED')
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: 'k', ContentLength: 5 }))
    expect(checksumParams(url)).toEqual([])
  })
})

describe('a host client left at SDK defaults', () => {
  it('would put an empty-body CRC into the URL on its own', async () => {
    const url = await getSignedUrl(makeDefaultS3(), new PutObjectCommand({ Bucket: BUCKET, Key: 'k', ContentLength: 5 }))
    expect(checksumParams(url)).not.toEqual([])
  })

  it('still gets URLs without checksum parameters from the handler', async () => {
    const handler = createPresignHandler({ s3: makeDefaultS3(), bucket: BUCKET, authorize: () => true, requireChecksum: false })
    const put = (await (await handler(jsonRequest({ operation: 'putObject', file: smallFile }))).json()) as PutObjectReply
    expect(checksumParams(put.url)).toEqual([])
    expect(query(put.url).get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host')
    const request = jsonRequest({ operation: 'signParts', key: boundKey('uploads/', 'b'), uploadId: 'u', partNumbers: [1, 2] })
    const { parts } = (await (await handler(request)).json()) as SignPartsReply
    for (const part of parts) expect(checksumParams(part.url)).toEqual([])
  })
})
