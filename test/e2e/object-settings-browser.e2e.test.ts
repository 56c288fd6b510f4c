import { randomBytes } from 'node:crypto'
import { GetObjectTaggingCommand, HeadObjectCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3'
import type { Request as BrowserRequest } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bucketCorsRule } from '../../src/cli/store-settings.js'
import type { UploadCompleteEvent } from '../../src/server/index.js'
import { createBucket, removeBucket } from './support/attack-bucket.js'
import { startE2eApp, type AppServer } from './support/app.js'
import { useBrowserAndStore } from './support/browser-and-store.js'
import { readObject } from './support/s3.js'
import { recorded } from './support/transport.js'

// Issue 13: a route's signed object settings, sent by the real <S3Uploader route="documents">
// from Chromium to RGW. The bucket's CORS rule is exactly the one the docs print (listed
// headers, not `*`), so a header the docs forget fails the preflight here.
const MiB = 1024 * 1024
const env = useBrowserAndStore()
let bucket: string
let app: AppServer
const database = new Map<string, { documentId: number; key: string; size: number }>()

beforeAll(async () => {
  bucket = await createBucket(env.s3, 'settings', false)
  app = await startE2eApp({
    bucket,
    presign: {
      routes: {
        documents: {
          keyPrefix: 'docs/',
          allowedContentTypes: ['application/pdf'],
          objectSettings: {
            cacheControl: 'private, max-age=31536000, immutable',
            contentDisposition: 'attachment',
            metadata: (request: Request) => ({ 'uploaded-by': request.headers.get('authorization') === 'Bearer e2e-token' ? 'e2e-user' : 'nobody' }),
            tags: { kind: 'document', 'source app': 'e2e/browser' },
            preventOverwrite: true,
          },
          // The README's host write: an upsert on idempotencyKey.
          onUploadComplete: ({ key, size, idempotencyKey }: UploadCompleteEvent) => {
            const row = database.get(idempotencyKey) ?? { documentId: database.size + 1, key, size }
            database.set(idempotencyKey, row)
            return { documentId: row.documentId }
          },
        },
      },
    },
  })
  await env.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [bucketCorsRule(app.url)] } }))
})
afterAll(async () => {
  await app?.close()
  if (bucket) await removeBucket(env.s3, bucket)
})

const TAGS = [{ Key: 'kind', Value: 'document' }, { Key: 'source app', Value: 'e2e/browser' }]
const tagsOf = async (key: string) => (await env.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet
/** The multipart object the first test uploads, for the tags test below. */
let multipartKey: string | undefined

const headersOf = async (request: BrowserRequest) => ({ url: request.url(), method: request.method(), headers: await request.allHeaders() })

it('a simple PUT and a multipart upload pass CORS with the signed settings, land with them, and bring serverData', async () => {
  const page = await env.browser.newPage()
  const storeRequests: Array<Promise<Awaited<ReturnType<typeof headersOf>>>> = []
  page.on('request', (request) => {
    if (request.url().includes(`/${bucket}/`) && request.method() !== 'OPTIONS') storeRequests.push(headersOf(request))
  })
  const failed: string[] = []
  page.on('requestfailed', (request) => failed.push(`${request.method()} ${request.failure()?.errorText}`))
  await page.goto(`${app.url}/?route=documents&multipartThreshold=${5 * MiB}&partSize=${5 * MiB}`)
  const files = [
    {
      name: 'Résumé 2026.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('%PDF-1.4 '), randomBytes(3000)]),
      disposition: `attachment; filename="Resume 2026.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf`,
    },
    {
      name: 'Größe Übersicht.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('%PDF-1.4 '), randomBytes(11 * MiB)]),
      disposition: `attachment; filename="Gro_e Ubersicht.pdf"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%C3%9Cbersicht.pdf`,
    },
  ]
  await page.getByLabel('Files to upload').setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })))
  await page.getByRole('status').filter({ hasText: '2 of 2 files uploaded' }).waitFor({ timeout: 60_000 })
  const { completed, errors, unhandled } = await recorded(page)
  expect({ errors, unhandled, failed }).toEqual({ errors: [], unhandled: [], failed: [] })

  const uploaded = completed.flat()
  expect(uploaded.map((file) => file.serverData).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))))
    .toEqual([{ documentId: 1 }, { documentId: 2 }])
  expect([...database.values()].map((row) => row.key).sort()).toEqual(uploaded.map((file) => file.key).sort())
  for (const file of files) {
    const { key, serverData } = uploaded.find((entry) => entry.name === file.name)!
    expect(key.startsWith('docs/')).toBe(true)
    expect(serverData).toEqual({ documentId: [...database.values()].find((row) => row.key === key)!.documentId })
    const head = await env.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    expect(head.CacheControl).toBe('private, max-age=31536000, immutable')
    expect(head.ContentType).toBe('application/pdf')
    expect(head.Metadata).toEqual({ 'uploaded-by': 'e2e-user' })
    expect(head.ContentDisposition).toBe(file.disposition)
    if (file.buffer.length < 5 * MiB) expect(await tagsOf(key)).toEqual(TAGS)
    else multipartKey = key
    expect((await readObject(env.s3, key, bucket)).body.equals(file.buffer)).toBe(true)
  }

  expect(multipartKey).toBeDefined()

  // The browser really sent the signed headers, so the preflights allowed them.
  const sent = await Promise.all(storeRequests)
  const query = (url: string) => new URL(url).searchParams
  const put = sent.find((request) => request.method === 'PUT' && !query(request.url).has('partNumber'))!
  const create = sent.find((request) => request.method === 'POST' && query(request.url).has('uploads'))!
  const complete = sent.find((request) => request.method === 'POST' && query(request.url).has('uploadId'))!
  for (const request of [put, create]) {
    expect(request.headers).toMatchObject({ 'cache-control': 'private, max-age=31536000, immutable', 'x-amz-tagging': expect.stringContaining('kind=document') })
    expect(request.headers['content-disposition']).toMatch(/^attachment; filename=/)
  }
  expect(put.headers).toMatchObject({ 'if-none-match': '*', 'content-md5': expect.any(String) })
  expect(complete.headers).toMatchObject({ 'if-none-match': '*' })
  await page.close()
})

// Found here (2026-12-01): Ceph RGW 16 keeps Cache-Control, Content-Disposition and metadata
// signed into CreateMultipartUpload, but not `x-amz-tagging` (also not when sent by the SDK):
// the completed object has no tags. AWS S3 documents applying them. docs/providers.md says so.
it.fails('tags signed into CreateMultipartUpload land on the completed object (RGW 16 drops them)', async () => {
  expect(multipartKey).toBeDefined()
  expect(await tagsOf(multipartKey!)).toEqual(TAGS)
})
