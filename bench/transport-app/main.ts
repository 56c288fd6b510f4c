// The benchmark page: the same picked files go up through our upload engine,
// through a hand-written fetch loop, or through stock Uppy 6 (@uppy/aws-s3),
// each timed in the page. bench/transport.mjs drives it.
import AwsS3 from '@uppy/aws-s3'
import Uppy from '@uppy/core'
import { UploadController, type TransferOptions } from '../../src/core/index.js'

const ENDPOINT = '/api/s3'
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer bench' }
const MiB = 1024 * 1024

const picked = () => Array.from((document.getElementById('pick') as HTMLInputElement).files ?? [])

async function sign(body: object): Promise<any> {
  const response = await fetch(ENDPOINT, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`sign ${response.status}: ${await response.text()}`)
  return response.json()
}

/** Runs `task` over `items` with `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item)
  }))
}

async function rawPut(file: File): Promise<void> {
  const signed = await sign({ operation: 'putObject', file: { name: file.name, size: file.size, type: file.type } })
  const response = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: file })
  await response.text()
  if (!response.ok) throw new Error(`PUT ${response.status}`)
}

async function rawMultipart(file: File, partSize: number, inFlight: number): Promise<void> {
  const created = await sign({ operation: 'createMultipartUpload', file: { name: file.name, size: file.size, type: file.type }, partSize })
  const createdAnswer = await fetch(created.url, { method: 'POST', headers: created.headers })
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await createdAnswer.text())![1]!
  const ref = { key: created.key, uploadId }
  const numbers = Array.from({ length: Math.ceil(file.size / partSize) }, (_, i) => i + 1)
  const urls = new Map<number, string>()
  for (let i = 0; i < numbers.length; i += 100) {
    const { parts } = await sign({ operation: 'signParts', ...ref, partNumbers: numbers.slice(i, i + 100) })
    for (const part of parts) urls.set(part.partNumber, part.url)
  }
  const etags = new Map<number, string>()
  await pool(numbers, inFlight, async (n) => {
    const body = file.slice((n - 1) * partSize, Math.min(n * partSize, file.size))
    const response = await fetch(urls.get(n)!, { method: 'PUT', body })
    await response.text()
    etags.set(n, response.headers.get('etag')!)
  })
  const complete = await sign({ operation: 'completeMultipartUpload', ...ref })
  const xml = numbers.map((n) => `<Part><PartNumber>${n}</PartNumber><ETag>${etags.get(n)}</ETag></Part>`).join('')
  const done = await fetch(complete.url, { method: 'POST', body: `<CompleteMultipartUpload>${xml}</CompleteMultipartUpload>` })
  await done.text()
  if (!done.ok) throw new Error(`complete ${done.status}`)
}

/** The hand-written baseline: fetch PUTs, `concurrency` files (or parts of one big file) in flight. */
async function raw(options: { concurrency: number; threshold: number; partSize: number }): Promise<number> {
  const files = picked()
  const started = performance.now()
  const small = files.filter((file) => file.size <= options.threshold)
  const big = files.filter((file) => file.size > options.threshold)
  await pool(small, options.concurrency, rawPut)
  for (const file of big) await rawMultipart(file, options.partSize, options.concurrency)
  return performance.now() - started
}

/** Our engine (what <S3Uploader> runs on), from addFiles to the last file landed. */
function widget(options: TransferOptions): Promise<number> {
  const files = picked()
  return new Promise((resolve, reject) => {
    let landed = 0
    const controller = new UploadController({
      endpoint: ENDPOINT,
      headers: { authorization: 'Bearer bench' },
      resumeAfterReload: false,
      ...options,
      onUploadComplete: (done) => {
        landed += done.length
        if (landed === files.length) {
          resolve(performance.now() - started)
          controller.destroy()
        }
      },
      onError: (error) => reject(new Error(`${error.code}: ${error.message}`)),
    })
    const started = performance.now()
    controller.addFiles(files)
  })
}

/** Stock @uppy/aws-s3 6 with a signRequest over the same endpoint. */
function stock(options: { concurrency: number; threshold: number; partSize: number }): Promise<number> {
  const files = picked()
  const uppy = new Uppy({ autoProceed: false })
  const keys = new Map<string, { name: string; size: number; type: string }>()
  uppy.use(AwsS3, {
    limit: options.concurrency,
    shouldUseMultipart: (file) => (file.size ?? 0) > options.threshold,
    getChunkSize: () => options.partSize,
    generateObjectKey: (file) => {
      keys.set(`bench:${file.id}`, { name: file.name ?? 'blob', size: file.size ?? 0, type: file.type ?? '' })
      return `bench:${file.id}`
    },
    signRequest: async (request: any) => {
      if (!('uploadId' in request) || request.uploadId === undefined) {
        // Every multipart upload declares the part size it is cut in (the server binds each part's length).
        const reply = request.method === 'PUT'
          ? await sign({ operation: 'putObject', file: keys.get(request.key) })
          : await sign({ operation: 'createMultipartUpload', file: keys.get(request.key), partSize: options.partSize })
        return { url: reply.url, headers: reply.headers, key: reply.key }
      }
      const ref = { key: request.key, uploadId: request.uploadId }
      if (request.method === 'PUT') {
        const { parts } = await sign({ operation: 'signParts', ...ref, partNumbers: [request.partNumber] })
        return { url: parts[0].url, headers: parts[0].headers }
      }
      const operation = request.method === 'GET' ? 'listParts' : request.method === 'POST' ? 'completeMultipartUpload' : 'abortMultipartUpload'
      const reply = await sign({ operation, ...ref })
      return { url: reply.url, headers: reply.headers }
    },
  })
  for (const file of files) uppy.addFile({ name: file.name, type: file.type, data: file })
  const started = performance.now()
  return uppy.upload().then((result) => {
    uppy.destroy()
    if (result?.failed?.length) throw new Error(`stock Uppy: ${result.failed.length} failed`)
    return performance.now() - started
  })
}

declare global {
  interface Window {
    transportBench: { raw: typeof raw; widget: typeof widget; stock: typeof stock; MiB: number }
  }
}
window.transportBench = { raw, widget, stock, MiB }
