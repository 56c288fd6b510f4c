import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ABORT_INCOMPLETE_UPLOADS_RULE,
  bucketCorsRule,
  CORS_ALLOWED_HEADERS,
  PUBLIC_ACCESS_BLOCK,
  uploadBucketPolicy,
  uploadBucketPolicyJson,
} from '../../src/cli/store-settings.js'
import { SIGNED_HEADERS } from '../../src/server/s3-requests.js'

// docs/providers.md prints the settings the e2e suite tests on RGW (store-attacks.e2e.test.ts):
// the two must not drift apart.
const providers = readFileSync(new URL('../../docs/providers.md', import.meta.url), 'utf8')
const protocol = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8')

describe('the store settings in docs/providers.md', () => {
  it('print exactly the bucket policy the e2e tests apply', () => {
    const block = /```json\n((?: {3}.*\n)+?) {3}```/.exec(providers.slice(providers.indexOf('What closes it on Ceph RGW 16')))?.[1]
    expect(block?.replace(/^ {3}/gm, '').trimEnd()).toBe(uploadBucketPolicyJson('my-uploads'))
    expect(JSON.parse(uploadBucketPolicyJson('my-uploads'))).toEqual(uploadBucketPolicy('my-uploads'))
  })

  it('print the public access block and the lifecycle rule the e2e tests apply', () => {
    expect(providers).toContain(`--public-access-block-configuration '${JSON.stringify(PUBLIC_ACCESS_BLOCK)}'`)
    expect(providers).toContain(`--lifecycle-configuration '${JSON.stringify({ Rules: [ABORT_INCOMPLETE_UPLOADS_RULE] })}'`)
  })
})

describe('the bucket CORS rule', () => {
  it('allows every header the handler may sign, but Content-Length, which the browser sets itself', () => {
    expect([...CORS_ALLOWED_HEADERS].sort()).toEqual(SIGNED_HEADERS.filter((header) => header !== 'content-length').sort())
  })

  it('is the one docs/protocol.md and docs/providers.md (AWS) print', () => {
    const jsonAfter = (text: string, heading: string) => JSON.parse(/```json\n([\s\S]*?)```/.exec(text.slice(text.indexOf(heading)))![1]!)
    expect(jsonAfter(protocol, '## CORS')).toEqual([bucketCorsRule('https://app.example.com')])
    expect(jsonAfter(providers, '## AWS S3')).toEqual([bucketCorsRule('https://app.example.com')])
  })
})
