// The mock bucket checks x-amz-checksum-sha256 as AWS S3 does (as it checks Content-MD5).
import { createHash } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createMockStorage } from '../../src/testing/index.js'

const ENDPOINT = 'https://app.test/api/s3'
const storage = createMockStorage({ endpoint: ENDPOINT })
const server = setupServer(...storage.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

type Signed = { url: string; method: string; headers: Record<string, string>; key: string }
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64')
const bin = (base64: string) => Buffer.from(base64, 'base64')

async function sign<T>(body: unknown): Promise<T> {
  const response = await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await response.json()) as T
}

const put = (signed: Signed, body: Uint8Array, headers = signed.headers) => fetch(signed.url, { method: 'PUT', headers, body: new Blob([body as Uint8Array<ArrayBuffer>]) })

it('a PUT signed with a SHA-256 takes only those bytes, with the header as signed', async () => {
  const body = new TextEncoder().encode('hello world')
  const signed = await sign<Signed>({ operation: 'putObject', file: { name: 'a.txt', size: body.length, type: 'text/plain', sha256: sha256(body) } })
  expect(signed.headers['x-amz-checksum-sha256']).toBe(sha256(body))
  const other = new TextEncoder().encode('hello World')
  expect((await put(signed, other)).status).toBe(400) // BadDigest
  const { 'x-amz-checksum-sha256': _dropped, ...withoutDigest } = signed.headers
  expect((await put(signed, body, withoutDigest)).status).toBe(403) // the signed header left out
  expect(storage.objects.has(signed.key)).toBe(false)
  expect((await put(signed, body)).status).toBe(200)
  expect(storage.objects.get(signed.key)!.checksumSha256).toBe(sha256(body))
  // confirmUpload holds it to the SHA-256 too: another one is refused and the object removed.
  const confirm = (digest: string) => fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'confirmUpload', key: signed.key, size: body.length, sha256: digest }) })
  expect((await confirm(sha256(body))).status).toBe(200)
  expect((await confirm(sha256(other))).status).toBe(422)
  expect(storage.objects.has(signed.key)).toBe(false)
})

it('a SHA256 multipart upload wants every part hashed, each named on Complete, and the composite as signed', async () => {
  const part1 = new Uint8Array(5 * 1024 * 1024).fill(1)
  const part2 = new Uint8Array(10).fill(2)
  const file = { name: 'v.bin', size: part1.length + part2.length, type: 'application/x-test' }
  const created = await sign<Signed>({ operation: 'createMultipartUpload', file, checksumAlgorithm: 'sha256' })
  expect(created.headers['x-amz-checksum-algorithm']).toBe('SHA256')
  const uploadId = /<UploadId>(.+)<\/UploadId>/.exec(await (await fetch(created.url, { method: 'POST', headers: created.headers })).text())![1]!
  const ref = { key: created.key, uploadId }

  const unhashed = await sign<{ parts: Signed[] }>({ operation: 'signParts', ...ref, partNumbers: [1] })
  expect((await put(unhashed.parts[0]!, part1)).status).toBe(400) // InvalidRequest: no checksum on a SHA256 upload
  const digests = [sha256(part1), sha256(part2)]
  const { parts } = await sign<{ parts: Signed[] }>({ operation: 'signParts', ...ref, partNumbers: [1, 2], sha256: digests })
  expect((await put(parts[0]!, part2)).status).toBe(400) // BadDigest
  const etags: string[] = []
  for (const [index, body] of [part1, part2].entries()) {
    const response = await put(parts[index]!, body)
    expect(response.status).toBe(200)
    etags.push(response.headers.get('etag')!)
  }
  const listed = await sign<Signed>({ operation: 'listParts', ...ref })
  expect(await (await fetch(listed.url)).text()).toContain(`<ChecksumSHA256>${digests[0]}</ChecksumSHA256>`)

  const composite = `${sha256(Buffer.concat(digests.map(bin)))}-2`
  const xml = (checksums: Array<string | undefined>) => `<CompleteMultipartUpload>${etags.map((etag, i) =>
    `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag>${checksums[i] ? `<ChecksumSHA256>${checksums[i]}</ChecksumSHA256>` : ''}</Part>`).join('')}</CompleteMultipartUpload>`
  const wrongComposite = await sign<Signed>({ operation: 'completeMultipartUpload', ...ref, sha256: `${digests[0]}-2` })
  expect((await fetch(wrongComposite.url, { method: 'POST', headers: wrongComposite.headers, body: xml(digests) })).status).toBe(400)
  const complete = await sign<Signed>({ operation: 'completeMultipartUpload', ...ref, sha256: composite })
  const send = (body: string) => fetch(complete.url, { method: 'POST', headers: complete.headers, body })
  expect((await send(xml([digests[0], undefined]))).status).toBe(400) // a part named without its checksum
  expect((await send(xml([digests[1], digests[0]]))).status).toBe(400) // InvalidPart
  expect((await send(xml(digests))).status).toBe(200)
  expect(storage.objects.get(ref.key)!.checksumSha256).toBe(composite)
})
