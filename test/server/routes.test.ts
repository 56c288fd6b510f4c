import { afterAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { RouteNameOf, ServerDataOf } from '../../src/core/typed-routes.js'
import type { BatchReply, PutObjectReply } from '../../src/protocol/messages.js'
import { destroyClients, errorOf, jsonRequest, makeHandler, smallFile } from './helpers.js'

afterAll(destroyClients)

const MiB = 1024 * 1024
const handler = makeHandler({
  maxFileSize: 100 * MiB,
  routes: {
    avatar: { maxFileSize: MiB, allowedContentTypes: ['image/*'], keyPrefix: 'avatars/' },
    documents: { allowedContentTypes: ['application/pdf'], keyPrefix: 'docs/', authorize: (request) => request.headers.has('x-staff') },
  },
})

const put = (file: object, route?: string) => ({ operation: 'putObject', file, ...(route !== undefined && { route }) })
const pdf = { name: 'a.pdf', size: 5 * MiB, type: 'application/pdf' }

describe('upload routes', () => {
  it("answers each request with its route's rules: limits, types, prefix", async () => {
    const avatar = (await (await handler(jsonRequest(put(smallFile, 'avatar')))).json()) as PutObjectReply
    expect(avatar.key).toMatch(/^avatars\//)
    const tooBig = await handler(jsonRequest(put({ ...smallFile, size: 2 * MiB }, 'avatar')))
    expect([tooBig.status, (await errorOf(tooBig)).code]).toEqual([413, 'FILE_TOO_LARGE'])
    const notImage = await handler(jsonRequest(put({ ...pdf, size: 10 }, 'avatar')))
    expect((await errorOf(notImage)).code).toBe('CONTENT_TYPE_NOT_ALLOWED')
  })

  it("runs the route's own authorize", async () => {
    expect((await handler(jsonRequest(put(pdf, 'documents')))).status).toBe(403)
    const staff = await handler(jsonRequest(put(pdf, 'documents'), { headers: { 'content-type': 'application/json', 'x-staff': '1' } }))
    expect(((await staff.json()) as PutObjectReply).key).toMatch(/^docs\//)
  })

  it('keeps the handler options for a request without a route', async () => {
    const response = await handler(jsonRequest(put({ ...smallFile, size: 50 * MiB })))
    expect(((await response.json()) as PutObjectReply).key).toMatch(/^uploads\//)
  })

  it('refuses an unknown route with 400 UNKNOWN_ROUTE, and a route that is not a string with INVALID_REQUEST', async () => {
    const unknown = await handler(jsonRequest(put(smallFile, 'banner')))
    expect([unknown.status, (await errorOf(unknown)).code]).toEqual([400, 'UNKNOWN_ROUTE'])
    const bad = await handler(jsonRequest({ ...put(smallFile), route: 7 }))
    expect((await errorOf(bad)).code).toBe('INVALID_REQUEST')
  })

  it('answers each batch item with its own route', async () => {
    const body = { operation: 'batch', requests: [put(smallFile, 'avatar'), put({ ...pdf, size: 10 }, 'avatar'), put(pdf)] }
    const { replies } = (await (await handler(jsonRequest(body))).json()) as BatchReply
    expect((replies[0] as PutObjectReply).key).toMatch(/^avatars\//)
    expect(replies[1]).toMatchObject({ status: 400, error: { code: 'CONTENT_TYPE_NOT_ALLOWED' } })
    expect((replies[2] as PutObjectReply).key).toMatch(/^uploads\//)
  })

  it('fails at creation for a bad route name or bad route options', () => {
    expect(() => makeHandler({ routes: { 'a b': {} } })).toThrow(TypeError)
    expect(() => makeHandler({ routes: { avatar: { maxFileSize: -1 } } })).toThrow(TypeError)
  })
})

describe('typeof handler', () => {
  it("carries each route's onUploadComplete result type for the browser", () => {
    const typed = makeHandler({
      routes: {
        avatar: { onUploadComplete: ({ key, size }) => ({ url: `/img/${key}`, size }) },
        documents: { onUploadComplete: async () => ({ id: 1 }) },
      },
    })
    expectTypeOf<ServerDataOf<typeof typed, 'avatar'>>().toEqualTypeOf<{ url: string; size: number }>()
    expectTypeOf<ServerDataOf<typeof typed, 'documents'>>().toEqualTypeOf<{ id: number }>()
    expectTypeOf<RouteNameOf<typeof typed>>().toEqualTypeOf<'avatar' | 'documents'>()
  })
})
