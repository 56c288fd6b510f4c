import { afterAll, describe, expect, it } from 'vitest'
import { createPresignHandler, type PresignHandlerOptions } from '../../src/server/index.js'
import { BUCKET, destroyClients, makeS3 } from './helpers.js'

afterAll(destroyClients)

function create(overrides: Record<string, unknown>) {
  const options = { s3: makeS3(), bucket: BUCKET, authorize: () => true, ...overrides }
  // Options arrive from JavaScript too: the checks must hold for values the types forbid.
  return () => createPresignHandler(options as PresignHandlerOptions)
}

describe('createPresignHandler options', () => {
  it('throws at creation when authorize is missing', () => {
    expect(create({ authorize: undefined })).toThrow(/authorize is required/)
  })

  it.each([
    ['s3', { s3: undefined }],
    ['s3', { s3: {} }],
    ['bucket', { bucket: '' }],
    ['expiresIn', { expiresIn: 0 }],
    ['expiresIn', { expiresIn: 604_801 }],
    ['expiresIn', { expiresIn: 1.5 }],
    ['maxFileSize', { maxFileSize: -1 }],
    ['maxRequestBytes', { maxRequestBytes: 0 }],
    ['maxPartNumbersPerRequest', { maxPartNumbersPerRequest: 10_001 }],
    ['keyPrefix', { keyPrefix: '/abs' }],
    ['keyPrefix', { keyPrefix: 'a/../b' }],
    ['allowedContentTypes', { allowedContentTypes: [] }],
    ['allowedContentTypes', { allowedContentTypes: ['.png'] }],
    ['allowedContentTypes', { allowedContentTypes: 'image/*' }],
    ['onError', { onError: 'log' }],
  ])('throws a TypeError naming %s for %j', (name, overrides) => {
    expect(create(overrides)).toThrow(TypeError)
    expect(create(overrides)).toThrow(name)
  })

  it('exposes its body limit for the Node adapter', () => {
    expect(create({})().maxRequestBytes).toBe(64 * 1024)
    expect(create({ maxRequestBytes: 1000 })().maxRequestBytes).toBe(1000)
  })
})
