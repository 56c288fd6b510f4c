import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { boundKey, destroyClients, errorOf, jsonRequest, makeHandler, smallFile } from './helpers.js'

// Counts signing calls, so "nothing is signed for a refused request" is checked, not assumed.
vi.mock('@aws-sdk/s3-request-presigner', async (importOriginal) => {
  const original = await importOriginal<typeof import('@aws-sdk/s3-request-presigner')>()
  return { ...original, getSignedUrl: vi.fn(original.getSignedUrl) }
})

afterAll(destroyClients)
beforeEach(() => {
  vi.mocked(getSignedUrl).mockClear()
})

const GiB = 1024 ** 3
const ref = { key: boundKey('users/7/', 'clip.mp4'), uploadId: 'u-1' }

describe('file size', () => {
  it('refuses a file over maxFileSize with 413 FILE_TOO_LARGE, before authorize and signing', async () => {
    const authorize = vi.fn(() => true)
    const handler = makeHandler({ authorize, maxFileSize: 1000 })
    for (const operation of ['putObject', 'createMultipartUpload']) {
      const response = await handler(jsonRequest({ operation, file: { ...smallFile, size: 1001 } }))
      expect(response.status).toBe(413)
      const error = await errorOf(response)
      expect(error.code).toBe('FILE_TOO_LARGE')
      expect(error.message).toContain('1000 bytes')
    }
    expect(authorize).not.toHaveBeenCalled()
    expect(getSignedUrl).not.toHaveBeenCalled()
  })

  it('accepts a file exactly at the limit', async () => {
    const response = await makeHandler({ maxFileSize: 1000 })(jsonRequest({ operation: 'putObject', file: { ...smallFile, size: 1000 } }))
    expect(response.status).toBe(200)
    // Proves the spy sees the handler's calls, so the not.toHaveBeenCalled checks mean something.
    expect(getSignedUrl).toHaveBeenCalledTimes(1)
  })

  it('caps putObject at S3’s 5 GiB single-PUT limit, but lets multipart go beyond', async () => {
    const handler = makeHandler()
    const file = { ...smallFile, size: 5 * GiB + 1 }
    const put = await handler(jsonRequest({ operation: 'putObject', file }))
    expect(put.status).toBe(413)
    expect((await errorOf(put)).message).toContain('5 GiB')
    const partSize = 5 * GiB
    expect((await handler(jsonRequest({ operation: 'createMultipartUpload', file, partSize }))).status).toBe(200)
    const tooBig = await handler(jsonRequest({ operation: 'createMultipartUpload', file: { ...file, size: 5 * 1024 * GiB + 1 }, partSize }))
    expect((await errorOf(tooBig)).code).toBe('FILE_TOO_LARGE')
  })
})

describe('content type', () => {
  const handler = () => makeHandler({ allowedContentTypes: ['image/*', 'application/pdf', /^video\/(mp4|webm)$/] })

  it.each(['image/png', 'IMAGE/JPEG', 'application/pdf', 'video/mp4'])('allows %s', async (type) => {
    expect((await handler()(jsonRequest({ operation: 'putObject', file: { ...smallFile, type } }))).status).toBe(200)
  })

  // Issue 12, finding 3: an SVG may hold script, and a getObjects URL opened in a tab renders it inline.
  it.each(['image/svg+xml', 'Image/SVG+XML; charset=utf-8'])('does not let image/* admit %s', async (type) => {
    const response = await handler()(jsonRequest({ operation: 'putObject', file: { ...smallFile, type } }))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('CONTENT_TYPE_NOT_ALLOWED')
  })

  it('allows image/svg+xml when it is listed explicitly (or everything is allowed)', async () => {
    const file = { ...smallFile, name: 'logo.svg', type: 'image/svg+xml' }
    for (const allowedContentTypes of [['image/*', 'image/svg+xml'], [/^image\/svg\+xml$/], ['*/*'], undefined]) {
      const response = await makeHandler(allowedContentTypes === undefined ? {} : { allowedContentTypes })(
        jsonRequest({ operation: 'putObject', file }),
      )
      expect(response.status).toBe(200)
    }
  })

  it.each(['text/html', 'application/pdfx', 'video/avi', ''])('refuses %j with 400 CONTENT_TYPE_NOT_ALLOWED, unsigned', async (type) => {
    const authorize = vi.fn(() => true)
    const response = await makeHandler({ authorize, allowedContentTypes: ['image/*', 'application/pdf'] })(
      jsonRequest({ operation: 'createMultipartUpload', file: { ...smallFile, type } }),
    )
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('CONTENT_TYPE_NOT_ALLOWED')
    expect(authorize).not.toHaveBeenCalled()
    expect(getSignedUrl).not.toHaveBeenCalled()
  })

  it('checks an empty type as application/octet-stream', async () => {
    const response = await makeHandler({ allowedContentTypes: ['application/octet-stream'] })(
      jsonRequest({ operation: 'putObject', file: { ...smallFile, type: '' } }),
    )
    expect(response.status).toBe(200)
  })

  it('is not fooled by a /g RegExp keeping state between calls', async () => {
    const h = makeHandler({ allowedContentTypes: [/^image\//g] })
    for (let i = 0; i < 3; i += 1) {
      expect((await h(jsonRequest({ operation: 'putObject', file: smallFile }))).status).toBe(200)
    }
  })
})

describe('authorize', () => {
  it('gets the request and the parsed intent, before signing', async () => {
    const authorize = vi.fn(() => {
      expect(getSignedUrl).not.toHaveBeenCalled()
      return true
    })
    const request = jsonRequest({ operation: 'putObject', file: { ...smallFile, type: '' } })
    expect((await makeHandler({ authorize })(request)).status).toBe(200)
    expect(authorize).toHaveBeenCalledWith(request, { operation: 'putObject', file: { ...smallFile, type: 'application/octet-stream' } })
  })

  it('answers 403 FORBIDDEN when it returns false, and signs nothing', async () => {
    const response = await makeHandler({ authorize: () => false })(jsonRequest({ operation: 'putObject', file: smallFile }))
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe('FORBIDDEN')
    expect(getSignedUrl).not.toHaveBeenCalled()
  })

  it('answers 401 UNAUTHORIZED with its own message', async () => {
    const handler = makeHandler({ authorize: async () => ({ allow: false, status: 401, message: 'Please sign in' }) })
    const response = await handler(jsonRequest({ operation: 'putObject', file: smallFile }))
    expect(response.status).toBe(401)
    expect(await errorOf(response)).toEqual({ code: 'UNAUTHORIZED', message: 'Please sign in' })
  })

  it('answers 403 for { allow: false } without a status', async () => {
    const response = await makeHandler({ authorize: () => ({ allow: false }) })(jsonRequest({ operation: 'listParts', ...ref }))
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe('FORBIDDEN')
  })

  it('answers 500 INTERNAL_ERROR when it throws, without leaking the message', async () => {
    const onError = vi.fn()
    const failure = new Error('db password is hunter2')
    const handler = makeHandler({ authorize: () => Promise.reject(failure), onError })
    const response = await handler(jsonRequest({ operation: 'putObject', file: smallFile }))
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(text).not.toContain('hunter2')
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String) } })
    expect(onError).toHaveBeenCalledWith(failure)
    expect(getSignedUrl).not.toHaveBeenCalled()
  })

  it('fails closed with 500 when it returns something that is not a verdict', async () => {
    const onError = vi.fn()
    // @ts-expect-error -- a JavaScript host app can return anything
    const authorize: () => boolean = () => undefined
    const response = await makeHandler({ authorize, onError })(jsonRequest({ operation: 'putObject', file: smallFile }))
    expect(response.status).toBe(500)
    expect(onError).toHaveBeenCalledWith(expect.any(TypeError))
    expect(getSignedUrl).not.toHaveBeenCalled()
  })

  it('survives an onError that throws', async () => {
    const handler = makeHandler({
      authorize: () => {
        throw new Error('boom')
      },
      onError: () => {
        throw new Error('logger down')
      },
    })
    expect((await handler(jsonRequest({ operation: 'putObject', file: smallFile }))).status).toBe(500)
  })

  it('answers 500 when a keyPrefix it returns is unusable', async () => {
    const onError = vi.fn()
    const handler = makeHandler({ authorize: () => ({ allow: true, keyPrefix: '../escape' }), onError })
    expect((await handler(jsonRequest({ operation: 'putObject', file: smallFile }))).status).toBe(500)
    expect(onError).toHaveBeenCalledWith(expect.any(TypeError))
  })
})

describe('multipart calls are confined to the caller’s prefix', () => {
  const handler = () => makeHandler({ authorize: () => ({ allow: true, keyPrefix: 'users/7/' }) })

  it.each(['signParts', 'listParts', 'completeMultipartUpload', 'abortMultipartUpload'])('%s on its own key is signed', async (operation) => {
    const response = await handler()(jsonRequest({ operation, ...ref, partNumbers: [1] }))
    expect(response.status).toBe(200)
  })

  it.each([
    'users/8/0b7e7a4c-1111-4222-8333-444455556666/clip.mp4',
    'users/70/x/clip.mp4',
    'users/7/../8/x/clip.mp4',
    'users/7/',
    'uploads/x/clip.mp4',
  ])('%j gives 403 KEY_OUTSIDE_PREFIX and signs nothing', async (key) => {
    for (const operation of ['signParts', 'listParts', 'completeMultipartUpload', 'abortMultipartUpload']) {
      const response = await handler()(jsonRequest({ operation, key, uploadId: 'u-1', partNumbers: [1] }))
      expect(response.status).toBe(403)
      expect((await errorOf(response)).code).toBe('KEY_OUTSIDE_PREFIX')
    }
    expect(getSignedUrl).not.toHaveBeenCalled()
  })

  it('uses the default uploads/ prefix when authorize gives none', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 'abortMultipartUpload', ...ref }))
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe('KEY_OUTSIDE_PREFIX')
  })
})

describe("keyPrefix '' needs allowWholeBucket (issue 12, finding 7)", () => {
  it('throws at creation for the option, naming allowWholeBucket', () => {
    expect(() => makeHandler({ keyPrefix: '' })).toThrow(/allowWholeBucket: true/)
    expect(() => makeHandler({ keyPrefix: '', allowWholeBucket: true })).not.toThrow()
    expect(() => makeHandler({ allowWholeBucket: 'yes' as unknown as boolean })).toThrow(/allowWholeBucket must be a boolean/)
  })

  it("answers 500 and tells onError, naming the option, when a function or authorize returns ''", async () => {
    // A per-user prefix built from a missing id: `${user?.id ?? ''}` gives ''.
    for (const options of [{ keyPrefix: () => '' }, { authorize: () => ({ allow: true as const, keyPrefix: '' }) }]) {
      const onError = vi.fn()
      const handler = makeHandler({ ...options, onError })
      const response = await handler(jsonRequest({ operation: 'getObjects', keys: ['users/8/0b7e/secret.png'] }))
      expect(response.status).toBe(500)
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('allowWholeBucket') }))
      expect(getSignedUrl).not.toHaveBeenCalled()
    }
  })

  it('grants the whole bucket with allowWholeBucket: true', async () => {
    const handler = makeHandler({ authorize: () => ({ allow: true, keyPrefix: '' }), allowWholeBucket: true })
    const response = await handler(jsonRequest({ operation: 'getObjects', keys: ['users/8/0b7e/secret.png'] }))
    expect(response.status).toBe(200)
    expect(((await response.json()) as { objects: Array<{ url?: string }> }).objects[0]?.url).toBeTruthy()
  })
})
