import { afterAll, describe, expect, it } from 'vitest'
import type { CreateMultipartUploadReply, MultipartCallReply, PutObjectReply } from '../../src/protocol/messages.js'
import { contentDispositionFor } from '../../src/server/object-settings.js'
import { boundKey, destroyClients, jsonRequest, makeHandler, query, signedHeaders } from './helpers.js'

afterAll(destroyClients)

const file = { name: 'résumé "final".pdf', size: 10, type: 'application/pdf' }

describe('object settings signed into the URL', () => {
  it('signs Cache-Control, Content-Disposition, metadata and tags as headers', async () => {
    const handler = makeHandler({
      objectSettings: {
        cacheControl: 'private, max-age=31536000, immutable',
        contentDisposition: 'attachment',
        metadata: (request) => ({ 'uploaded-by': request.headers.get('x-user') ?? 'anonymous' }),
        tags: { route: 'documents' },
      },
    })
    const response = await handler(jsonRequest({ operation: 'putObject', file }, { headers: { 'content-type': 'application/json', 'x-user': '42' } }))
    const reply = (await response.json()) as PutObjectReply
    expect(signedHeaders(reply.url)).toEqual(['cache-control', 'content-disposition', 'content-length', 'content-type', 'host', 'x-amz-meta-uploaded-by', 'x-amz-tagging'])
    expect(reply.headers['cache-control']).toBe('private, max-age=31536000, immutable')
    expect(reply.headers['content-disposition']).toBe(contentDispositionFor('attachment', reply.key.split('/').pop()!))
    // A header, not the query: RGW 16 merges an unsigned header into a query-signed value.
    expect(reply.headers['x-amz-meta-uploaded-by']).toBe('42')
    expect(query(reply.url).has('x-amz-meta-uploaded-by')).toBe(false)
    expect(reply.headers['x-amz-tagging']).toBe('route=documents')
  })

  it('gives a multipart upload the same settings at creation', async () => {
    const handler = makeHandler({ objectSettings: { cacheControl: 'no-cache', metadata: { source: 'web' } } })
    const reply = (await (await handler(jsonRequest({ operation: 'createMultipartUpload', file, partSize: 5 * 1024 * 1024 }))).json()) as CreateMultipartUploadReply
    expect(reply.headers['cache-control']).toBe('no-cache')
    // A header: RGW 16 ignores x-amz-meta-* in the query of CreateMultipartUpload.
    expect(reply.headers['x-amz-meta-source']).toBe('web')
    expect(signedHeaders(reply.url)).toContain('x-amz-meta-source')
  })

  it('signs If-None-Match: * into PUT and Complete with preventOverwrite', async () => {
    const handler = makeHandler({ objectSettings: { preventOverwrite: true } })
    const put = (await (await handler(jsonRequest({ operation: 'putObject', file }))).json()) as PutObjectReply
    expect(put.headers['if-none-match']).toBe('*')
    const ref = { key: boundKey('uploads/', 'a.pdf'), uploadId: 'u' }
    const complete = (await (await handler(jsonRequest({ operation: 'completeMultipartUpload', ...ref }))).json()) as MultipartCallReply
    expect(complete.headers['if-none-match']).toBe('*')
    expect(signedHeaders(complete.url)).toContain('if-none-match')
  })

  it('writes Content-Disposition per RFC 6266: an ASCII fallback and the exact name in filename*', () => {
    expect(contentDispositionFor('attachment', 'résumé "final" (1).pdf')).toBe(
      `attachment; filename="resume _final_ (1).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%20%281%29.pdf`,
    )
  })

  it('refuses bad settings at creation and bad metadata from the host as a 500', async () => {
    expect(() => makeHandler({ objectSettings: { cacheControl: 'a\nb' } })).toThrow(TypeError)
    expect(() => makeHandler({ objectSettings: { contentDisposition: 'download' as never } })).toThrow(TypeError)
    const handler = makeHandler({ objectSettings: { metadata: { 'Bad Name': 'x' } }, onError: () => {} })
    expect((await handler(jsonRequest({ operation: 'putObject', file }))).status).toBe(500)
  })
})
