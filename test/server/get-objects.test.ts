import { afterAll, describe, expect, it, vi } from 'vitest'
import type { GetObjectsReply, SignedObjectUrl } from '../../src/protocol/messages.js'
import { FastPresigner } from '../../src/server/fast-presigner.js'
import type { AuthorizeFunction, PresignIntent } from '../../src/server/index.js'
import { BUCKET, destroyClients, errorOf, jsonRequest, keyFromUrl, makeHandler, query } from './helpers.js'

afterAll(destroyClients)

const mine = 'users/42/0b7e7a4c-1111-4222-8333-444455556666/cat.png'
const theirs = 'users/7/0b7e7a4c-1111-4222-8333-444455556666/dog.png'

// The host app's rule: each user reads only their own folder.
const perUser: AuthorizeFunction = (request) => {
  const user = request.headers.get('x-user')
  return user ? { allow: true, keyPrefix: `users/${user}/` } : { allow: false, status: 401 }
}

async function getObjects(body: Record<string, unknown>, options = {}, headers: Record<string, string> = { 'x-user': '42' }) {
  const request = jsonRequest({ operation: 'getObjects', ...body }, {
    headers: { 'content-type': 'application/json', ...headers },
  })
  return makeHandler({ authorize: perUser, ...options })(request)
}

describe('getObjects', () => {
  it('signs a GET per key with a 60-second default life, in the order asked', async () => {
    const other = 'users/42/a/b.jpg'
    const response = await getObjects({ keys: [mine, other] })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const { objects } = (await response.json()) as GetObjectsReply
    expect(objects.map((object) => object.key)).toEqual([mine, other])
    const first = objects[0] as SignedObjectUrl
    expect(keyFromUrl(first.url)).toBe(mine)
    const params = query(first.url)
    expect(params.get('X-Amz-Expires')).toBe('60')
    expect(params.get('x-id')).toBe('GetObject')
    expect(params.get('X-Amz-SignedHeaders')).toBe('host')
    // expiresAt is X-Amz-Date + X-Amz-Expires, so the browser can trust either.
    const date = params.get('X-Amz-Date')!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')
    expect(Date.parse(first.expiresAt) - Date.parse(date)).toBe(60_000)
  })

  it('refuses another user\'s key without refusing the rest of the batch', async () => {
    const authorize = vi.fn(perUser)
    const response = await getObjects({ keys: [theirs, mine] }, { authorize })
    expect(response.status).toBe(200)
    const { objects } = (await response.json()) as GetObjectsReply
    expect(objects[0]).toEqual({ key: theirs, error: { code: 'KEY_OUTSIDE_PREFIX', message: 'You may not see this file' } })
    expect(objects[1]).toMatchObject({ key: mine, url: expect.stringContaining('cat.png') })
    expect(authorize.mock.calls.map(([, intent]) => intent)).toEqual<PresignIntent[]>([
      { operation: 'getObject', key: theirs },
      { operation: 'getObject', key: mine },
    ])
  })

  it('passes authorize\'s own refusal through per key', async () => {
    const response = await getObjects({ keys: [mine] }, {}, {})
    const { objects } = (await response.json()) as GetObjectsReply
    expect(objects).toEqual([{ key: mine, error: { code: 'UNAUTHORIZED', message: expect.any(String) } }])
  })

  it('signs response-content-disposition for downloads', async () => {
    const disposition = 'attachment; filename="cat.png"'
    const response = await getObjects({ keys: [mine], responseContentDisposition: disposition }, { getObjectExpiresIn: 15 })
    const { objects } = (await response.json()) as GetObjectsReply
    const params = query((objects[0] as SignedObjectUrl).url)
    expect(params.get('response-content-disposition')).toBe(disposition)
    expect(params.get('X-Amz-Expires')).toBe('15')
  })

  it('signs every key with the fast signer, as the upload operations are', async () => {
    const presign = vi.spyOn(FastPresigner.prototype, 'presign')
    try {
      const disposition = 'attachment; filename="cat.png"'
      const response = await getObjects({ keys: [mine, 'users/42/b.png'], responseContentDisposition: disposition })
      const { objects } = (await response.json()) as GetObjectsReply
      const fastUrls = await Promise.all(presign.mock.results.map((result) => result.value))
      expect(fastUrls).toEqual(objects.map((object) => (object as SignedObjectUrl).url))
      expect(presign.mock.calls.map(([spec]) => spec.query)).toEqual([
        { 'x-id': 'GetObject', 'response-content-disposition': disposition },
        { 'x-id': 'GetObject', 'response-content-disposition': disposition },
      ])
    } finally {
      presign.mockRestore()
    }
  })

  it('refuses bad shapes before authorizing anything', async () => {
    const authorize = vi.fn(perUser)
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{}, 'INVALID_REQUEST', /keys must be an array/],
      [{ keys: [] }, 'INVALID_REQUEST', /must not be empty/],
      [{ keys: [mine, mine] }, 'INVALID_REQUEST', /keys\[1\] repeats/],
      [{ keys: ['a\u0000b'] }, 'INVALID_REQUEST', /keys\[0\]/],
      [{ keys: [mine], responseContentDisposition: 'a\r\nb' }, 'INVALID_REQUEST', /responseContentDisposition/],
      [{ keys: ['a', 'b', 'c'] }, 'TOO_MANY_KEYS', /At most 2 keys/],
    ]
    for (const [body, code, message] of cases) {
      const response = await getObjects(body, { authorize, maxKeysPerRequest: 2 })
      expect(response.status).toBe(400)
      const error = await errorOf(response)
      expect(error.code).toBe(code)
      expect(error.message).toMatch(message)
    }
    expect(authorize).not.toHaveBeenCalled()
  })

  // Issue 12, finding 7: U+202E makes `invoice\u202Efdp.exe` display as `invoiceexe.pdf`.
  it.each([
    "attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe",
    "attachment; filename*=utf-8''a%e2%80%aab.txt",
    'attachment; filename="x%E2%81%A6y.txt"',
    "attachment; filename*=UTF-8''%E2%80%8Fname.txt",
  ])('refuses bidi controls in the file name of %j', async (disposition) => {
    const authorize = vi.fn(perUser)
    const response = await getObjects({ keys: [mine], responseContentDisposition: disposition }, { authorize })
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('bidirectional') })
    expect(authorize).not.toHaveBeenCalled()
  })

  it('still signs other non-ASCII file names, and escapes that do not decode', async () => {
    for (const disposition of ["attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%9D%B1%E4%BA%AC.pdf", 'attachment; filename="100%.txt"', "inline; filename*=UTF-8''%E2%80"]) {
      expect((await getObjects({ keys: [mine], responseContentDisposition: disposition })).status).toBe(200)
    }
  })

  it('answers 500 when authorize itself is broken, hiding the details', async () => {
    const onError = vi.fn()
    const authorize = (() => 'yes') as unknown as AuthorizeFunction
    const response = await getObjects({ keys: [mine] }, { authorize, onError })
    expect(response.status).toBe(500)
    expect((await errorOf(response)).code).toBe('INTERNAL_ERROR')
    expect(onError).toHaveBeenCalledOnce()
  })

  it('checks its options at creation', () => {
    expect(() => makeHandler({ getObjectExpiresIn: 0 })).toThrow(/getObjectExpiresIn/)
    expect(() => makeHandler({ maxKeysPerRequest: 1.5 })).toThrow(/maxKeysPerRequest/)
    expect(BUCKET).toBe('test-bucket')
  })
})
