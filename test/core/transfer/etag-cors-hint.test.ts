import { describe, expect, it } from 'vitest'
import { corsHintError } from '../../../src/core/transfer/etag-cors-hint.js'
import { StorageError } from '../../../src/core/errors.js'

// The exact error @uppy/aws-s3 6.3 throws (src/s3-client/S3mini.ts, uploadPart) when
// the part's PUT answered 2xx and xhr.getResponseHeader('etag') returned null.
const uppyError = () => new Error('[s3mini] Missing ETag in uploadPart response headers')

describe('corsHintError', () => {
  it('names the missing CORS rule when a part came back without a readable ETag', () => {
    const error = corsHintError(uppyError())
    expect(error).toBeInstanceOf(StorageError)
    expect(error?.code).toBe('STORAGE_CORS_MISCONFIGURED')
    expect(error?.message).toMatch(/ExposeHeaders/)
    expect(error?.message).toMatch(/ETag/)
    expect(error?.cause).toBeInstanceOf(Error)
  })

  it('finds it behind a wrapping error', () => {
    const wrapped = new Error('upload failed', { cause: uppyError() })
    expect(corsHintError(wrapped)?.code).toBe('STORAGE_CORS_MISCONFIGURED')
  })

  it('leaves every other failure alone', () => {
    expect(corsHintError(new Error('Failed to fetch'))).toBeUndefined()
    expect(corsHintError({ status: 403 })).toBeUndefined()
    expect(corsHintError(undefined)).toBeUndefined()
    const loop: Error & { cause?: unknown } = new Error('loop')
    loop.cause = loop
    expect(corsHintError(loop)).toBeUndefined()
  })
})
