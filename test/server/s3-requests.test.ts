import { afterAll, describe, expect, it } from 'vitest'
import { FastPresigner } from '../../src/server/fast-presigner.js'
import {
  presignSpec,
  presignViaSdk,
  type S3RequestName,
  type S3RequestParams,
} from '../../src/server/s3-requests.js'
import { BUCKET, destroyClients, makeDefaultS3, makeS3 } from './helpers.js'

afterAll(destroyClients)

// Both signers are derived from one description of each request: the fast URL and the
// SDK's must be the same bytes, or the two paths have drifted apart.
const timing = { expiresIn: 300, signingDate: new Date('2026-11-23T10:00:00Z') }
const key = "uploads/0b7e7a4c-1111-4222-8333-444455556666/résumé a+b!'()*.pdf"
const ref = { key, uploadId: '2~AbC/+=_.-xyz' }
/** SHA-256 of the empty body. */
const SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='

// A new S3 request kind does not compile here until it has its samples.
const samples: { [N in S3RequestName]: Array<S3RequestParams[N]> } = {
  PutObject: [
    { key, contentType: 'application/pdf', contentLength: 1234 },
    { key, contentType: 'a/b', contentLength: 0 },
    { key, contentType: 'image/png', contentLength: 5, acl: 'private' },
    { key, contentType: 'a/b', contentLength: 0, contentMd5: '1B2M2Y8AsgTpgAmY7PhCfg==' },
    { key, contentType: 'a/b', contentLength: 0, checksumSha256: SHA256 },
    {
      key,
      contentType: 'application/pdf',
      contentLength: 10,
      contentMd5: '1B2M2Y8AsgTpgAmY7PhCfg==',
      cacheControl: 'private, max-age=31536000, immutable',
      contentDisposition: `attachment; filename="resume a+b!'()*.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20a%2Bb%21%27%28%29%2A.pdf`,
      ifNoneMatch: '*',
      tagging: 'route=avatar&owner=user%2042',
      metadata: { 'uploaded-by': '42', note: 'a b+c/é' },
    },
  ],
  CreateMultipartUpload: [
    { key, contentType: 'video/mp4' },
    { key, contentType: 'video/mp4', checksumAlgorithm: 'SHA256' },
    { key, contentType: 'video/mp4', acl: 'bucket-owner-full-control' },
    { key, contentType: 'video/mp4', cacheControl: 'no-cache', contentDisposition: 'inline', tagging: 'a=1', metadata: { 'uploaded-by': '7' } },
  ],
  UploadPart: [
    { ...ref, partNumber: 7, contentLength: 5242880 },
    { ...ref, partNumber: 10000, contentLength: 1 },
    { ...ref, partNumber: 2, contentLength: 5242880, contentMd5: 'XUFAKrxLKna5cZ2REBfFkg==' },
    { ...ref, partNumber: 3, contentLength: 5242880, checksumSha256: SHA256 },
  ],
  ListParts: [ref, { ...ref, partNumberMarker: '1000' }],
  CompleteMultipartUpload: [ref, { ...ref, ifNoneMatch: '*' }, { ...ref, checksumSha256: `${SHA256}-3` }],
  AbortMultipartUpload: [ref],
  GetObject: [{ key }, { key, responseContentDisposition: 'attachment; filename="cv.pdf"' }],
}

function cases(): Array<[S3RequestName, S3RequestParams[S3RequestName]]> {
  return (Object.keys(samples) as S3RequestName[]).flatMap((name) =>
    samples[name].map((params) => [name, params] as [S3RequestName, S3RequestParams[S3RequestName]]))
}

// The fast signer probes with the host's client through the SDK path, checksums dropped; the
// SDK path must give the same URLs for both kinds of client.
const fast = new FastPresigner(makeS3(), BUCKET)

describe.each([
  ['a client from createS3Client', makeS3()],
  ['a client left at the SDK defaults', makeDefaultS3()],
])('each S3 request signed by getSignedUrl on %s', (_name, s3) => {
  it.each(cases())('%s: is the fast URL, byte for byte (%j)', async (name, params) => {
    const viaSdk = await presignViaSdk(s3, BUCKET, name, params, timing)
    expect(await fast.presign(presignSpec(name, params), timing)).toBe(viaSdk)
    expect([...new URL(viaSdk).searchParams.keys()].filter((param) => /checksum/i.test(param))).toEqual([])
    // A signed ACL stays a header: RGW honours an unsigned x-amz-acl header over a signed query parameter.
    if ('acl' in params) {
      expect(new URL(viaSdk).searchParams.get('X-Amz-SignedHeaders')).toContain('x-amz-acl')
      expect(new URL(viaSdk).searchParams.has('x-amz-acl')).toBe(false)
    }
    // Our own checksum headers are signed (the browser's digest), never dropped with the SDK's empty-body CRC.
    const signed = new URL(viaSdk).searchParams.get('X-Amz-SignedHeaders')!.split(';')
    if ('checksumSha256' in params) expect(signed).toContain('x-amz-checksum-sha256')
    if ('checksumAlgorithm' in params) expect(signed).toContain('x-amz-checksum-algorithm')
    expect(signed.filter((name) => /checksum/.test(name)).sort()).toEqual(
      [...('checksumSha256' in params ? ['x-amz-checksum-sha256'] : []), ...('checksumAlgorithm' in params ? ['x-amz-checksum-algorithm'] : [])].sort(),
    )
  })
})
