import { describe, expect, it } from 'vitest'
import { EndpointError, StorageError } from '../../../src/core/errors.js'
import { toPresignedS3Error } from '../../../src/core/transfer/uppy-error-mapping.js'

class S3ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly serviceCode?: string,
  ) {
    super(message)
    this.name = 'S3ServiceError'
  }
}

describe('toPresignedS3Error', () => {
  it('keeps our own errors as they are', () => {
    const error = new EndpointError('ENDPOINT_HTTP_ERROR', 'x', { status: 500 })
    expect(toPresignedS3Error(error)).toBe(error)
  })

  it('maps an S3 HTTP error with its status and code', () => {
    const mapped = toPresignedS3Error(new S3ServiceError('S3 returned 400', 400, 'BadDigest'))
    expect(mapped).toBeInstanceOf(StorageError)
    expect(mapped).toMatchObject({ code: 'STORAGE_HTTP_ERROR', status: 400, storageCode: 'BadDigest' })
  })

  // Expiry is judged where the URL is known, by the retry runner: see judgeFailure in retry.test.ts.
  it('calls an opaque failure a network error', () => {
    const mapped = toPresignedS3Error(new TypeError('Failed to fetch'))
    expect(mapped).toMatchObject({ code: 'STORAGE_NETWORK_ERROR' })
  })
})
