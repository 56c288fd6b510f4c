import { describe, expect, it } from 'vitest'
import { EndpointError } from '../../../src/core/errors.js'
import { postGetObjects } from '../../../src/core/read/read-endpoint.js'
import { isFinal, readErrorKind } from '../../../src/core/read/read-error.js'
import { systemClock } from '../../../src/core/clock.js'
import { GetObjectsErrorCode } from '../../../src/protocol/get-objects-error-codes.js'
import { PresignErrorCode } from '../../../src/protocol/error-codes.js'

// The read side knows only the codes a getObjects request can be answered with: each
// code read-error.ts tells apart must be one, or a read's serverCode would stay undefined.
describe('read errors: the codes a read can be told', () => {
  const kinds = [
    ['OBJECT_NOT_FOUND', 'not-found', true],
    ['KEY_OUTSIDE_PREFIX', 'forbidden', true],
    ['FORBIDDEN', 'forbidden', true],
    ['STORE_FORBIDDEN', 'forbidden', true],
    ['UNAUTHORIZED', 'forbidden', false],
    ['STORE_URL_EXPIRED', 'expired', false],
    ['STORE_UNREACHABLE', 'network', false],
  ] as const

  it.each(kinds)('%s from the endpoint is %s (final: %s)', (code, kind, final) => {
    const error = EndpointError.rejected(GetObjectsErrorCode, code, '')
    expect(error.serverCode).toBe(code)
    expect(readErrorKind(error)).toBe(kind)
    expect(isFinal(error)).toBe(final)
  })

  it('is a part of the protocol codes, each named by itself', () => {
    for (const [name, code] of Object.entries(GetObjectsErrorCode)) {
      expect(code).toBe(name)
      expect(PresignErrorCode[name as keyof typeof PresignErrorCode]).toBe(code)
    }
  })

  it('resolves a refusal of the whole request against the read codes', async () => {
    const refusal = () => Promise.resolve(Response.json({ error: { code: 'UNAUTHORIZED', message: 'Sign in' } }, { status: 401 }))
    const request = postGetObjects(() => ({ endpoint: 'https://app.test/api/s3', fetch: refusal }), { operation: 'getObjects', keys: ['a.png'] }, systemClock)
    await expect(request).rejects.toMatchObject({ code: 'ENDPOINT_REJECTED', serverCode: 'UNAUTHORIZED', sentCode: 'UNAUTHORIZED', status: 401 })
  })

  it('keeps an upload operation\'s code only as sent', () => {
    expect(EndpointError.rejected(GetObjectsErrorCode, 'FILE_TOO_LARGE', '')).toMatchObject({ serverCode: undefined, sentCode: 'FILE_TOO_LARGE' })
  })
})
