import { describe, expect, it } from 'vitest'
import { objectsUnder } from './support/attack-bucket.js'
import { MULTIPART_ACL_ATTACKS, multipartWith, OTHER_BODY_SIZE, PUT_ATTACKS, SECRET, useAttackBuckets } from './support/store-attacks.js'

// The control for store-attacks.e2e.test.ts: on a bucket WITHOUT the documented settings,
// Ceph RGW 16 honours every unsigned header those tests add, so their refusals come from the
// settings and not from something else in the setup. If RGW ever refuses one here, the
// provider notes in docs/providers.md are out of date.

const env = useAttackBuckets('open', false)

/** What each attack leaves behind on an unprotected bucket. */
const LEFT_BEHIND = {
  'x-amz-copy-source on a 0-byte putObject URL (CopyObject)': { body: SECRET, anonymousStatus: 403 },
  'x-amz-copy-source on a 5-byte URL with a 5-byte body (CopyObject)': { body: SECRET, anonymousStatus: 403 },
  'x-amz-copy-source from another bucket (20 MiB text/html into 5 bytes of image/png)': { size: OTHER_BODY_SIZE, contentType: 'text/html', anonymousStatus: 403 },
  'x-amz-acl: public-read': { body: 'hello', anonymousStatus: 200 },
  'x-amz-acl: public-read-write': { body: 'hello', anonymousStatus: 200 },
  'x-amz-acl: authenticated-read': { body: 'hello', anonymousStatus: 403 },
  'x-amz-grant-read: AllUsers': { body: 'hello', anonymousStatus: 200 },
  'x-amz-grant-full-control: AllUsers': { body: 'hello', anonymousStatus: 200 },
} satisfies Record<keyof typeof PUT_ATTACKS, object>

describe('without the bucket settings, RGW 16 honours unsigned x-amz-* headers', () => {
  it.each(Object.entries(PUT_ATTACKS))('%s', async (name, attack) => {
    const { user, prefix } = env.scene.nextUser()
    const { key, status } = await attack(env.scene, user)
    expect(status).toBe(200)
    const stored = await objectsUnder(env.s3, env.scene.bucket, prefix)
    expect(stored).toEqual([expect.objectContaining({ key, ...LEFT_BEHIND[name as keyof typeof LEFT_BEHIND] })])
  })

  it.each(Object.entries(MULTIPART_ACL_ATTACKS))('%s', async (_name, headers) => {
    const { user, prefix } = env.scene.nextUser()
    const { key } = await multipartWith(user, headers)
    expect(await objectsUnder(env.s3, env.scene.bucket, prefix)).toEqual([expect.objectContaining({ key, anonymousStatus: 200 })])
  })
})
