// The hand-written baseline both browser benchmarks compare against: fetch
// PUTs with `concurrency` files in flight, and a big file as a multipart
// upload with `concurrency` parts in flight. No hashing, no retries, no state.
// With `md5` (the widget bench's "fetch loop + MD5"), each body is first hashed
// by the library's own hasher (the same worker pool the widget uses) and its
// Content-MD5 signed in: integrity at its plainest, hash then sign then send.
import type { Md5Hasher } from '../../src/core/hashing/md5-hasher.js'
import { sign, type Layout, type SignTarget } from './sign.js'

/** Runs `task` over `items` with `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]!)
  }))
}

async function rawPut(target: SignTarget, file: File, hasher: Md5Hasher | undefined): Promise<void> {
  const md5 = await hasher?.md5Base64(file)
  const signed = await sign(target, { operation: 'putObject', file: { name: file.name, size: file.size, type: file.type, ...(md5 && { md5 }) } })
  const response = await fetch(signed.url, { method: 'PUT', headers: { ...signed.headers, ...(md5 && { 'content-md5': md5 }) }, body: file })
  await response.text()
  if (!response.ok) throw new Error(`PUT ${response.status}`)
}

async function rawMultipart(target: SignTarget, file: File, partSize: number, inFlight: number, hasher: Md5Hasher | undefined): Promise<void> {
  const created = await sign(target, { operation: 'createMultipartUpload', file: { name: file.name, size: file.size, type: file.type }, partSize })
  const createdAnswer = await fetch(created.url, { method: 'POST', headers: created.headers })
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await createdAnswer.text())![1]!
  const ref = { key: created.key, uploadId }
  const numbers = Array.from({ length: Math.ceil(file.size / partSize) }, (_, i) => i + 1)
  const urls = new Map<number, string>()
  for (let i = 0; !hasher && i < numbers.length; i += 100) {
    const { parts } = await sign(target, { operation: 'signParts', ...ref, partNumbers: numbers.slice(i, i + 100) })
    for (const part of parts) urls.set(part.partNumber, part.url)
  }
  const etags = new Map<number, string>()
  await pool(numbers, inFlight, async (n) => {
    const body = file.slice((n - 1) * partSize, Math.min(n * partSize, file.size))
    const md5 = await hasher?.md5Base64(body)
    if (md5) urls.set(n, (await sign(target, { operation: 'signParts', ...ref, partNumbers: [n], md5: [md5] })).parts[0].url)
    const response = await fetch(urls.get(n)!, { method: 'PUT', body, ...(md5 && { headers: { 'content-md5': md5 } }) })
    await response.text()
    if (!response.ok) throw new Error(`part ${n}: PUT ${response.status}`)
    etags.set(n, response.headers.get('etag')!)
  })
  const complete = await sign(target, { operation: 'completeMultipartUpload', ...ref })
  const xml = numbers.map((n) => `<Part><PartNumber>${n}</PartNumber><ETag>${etags.get(n)}</ETag></Part>`).join('')
  const done = await fetch(complete.url, { method: 'POST', body: `<CompleteMultipartUpload>${xml}</CompleteMultipartUpload>` })
  await done.text()
  if (!done.ok) throw new Error(`complete ${done.status}`)
}

export async function rawUpload(target: SignTarget, files: File[], layout: Layout, { md5 = false } = {}): Promise<void> {
  const hasher = md5 ? (await import('../../src/core/hashing/md5-hasher.js')).createMd5Hasher() : undefined
  const small = files.filter((file) => file.size <= layout.threshold)
  const big = files.filter((file) => file.size > layout.threshold)
  await pool(small, layout.concurrency, (file) => rawPut(target, file, hasher))
  for (const file of big) await rawMultipart(target, file, layout.partSize, layout.concurrency, hasher)
  hasher?.close()
}
