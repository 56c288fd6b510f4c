import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROBE_PREFIX } from '../../src/cli/doctor-probes/context.js'
// @ts-expect-error plain ESM script without types (the demo's store)
import { startEmbeddedS3 } from '../../demo/embedded-s3.mjs'
import { doctor } from './support/doctor.js'

// `react-presigned-s3 doctor` against the demo's s3rver: a store for demos, and the report
// says why (every object public, copies through PUT URLs); bucket-level calls fail there
// (see /work/shared/notes/s3-servers.md), and the clean-up must manage without them.

interface EmbeddedS3 {
  storage: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; bucket: string }
  listObjects: (prefix?: string) => Promise<Array<{ key: string }>>
  close: () => Promise<void>
}

let directory: string
let store: EmbeddedS3

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'doctor-s3rver-'))
  store = await startEmbeddedS3({ directory })
})
afterAll(async () => {
  await store?.close()
  await rm(directory, { recursive: true, force: true })
})

describe('doctor on s3rver', () => {
  it('reports a demo store as one, and leaves nothing behind', async () => {
    const { endpoint, region, accessKeyId, secretAccessKey, bucket } = store.storage
    const { code, findings } = await doctor(
      [`s3://${bucket}`, '--endpoint', endpoint, '--origin', 'http://127.0.0.1:5173'],
      { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: region },
    )
    expect(code).toBe(1)
    expect(findings).toEqual({
      'CORS for http://127.0.0.1:5173': 'ok',
      "This machine's clock agrees with the store's": 'ok',
      'Unsigned x-amz-copy-source on a presigned PUT': 'PROBLEM',
      'Objects are private': 'PROBLEM',
      // s3rver answers bucket-level SDK calls with SignatureDoesNotMatch.
      'Unfinished multipart uploads are aborted': 'PROBLEM',
      'The signing credentials reach this bucket only': 'ok',
      'Content-MD5': 'note',
      'Conditional writes (If-None-Match: *)': 'note',
    })
    expect(await store.listObjects(PROBE_PREFIX)).toEqual([])
  })
})
