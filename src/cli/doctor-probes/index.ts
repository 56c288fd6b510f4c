import { clockProbe } from './clock.js'
import type { Probe } from './context.js'
import { corsProbe } from './cors.js'
import { conditionalWriteProbe } from './conditional-write.js'
import { contentMd5Probe } from './content-md5.js'
import { lifecycleProbe } from './lifecycle.js'
import { otherBucketsProbe } from './other-buckets.js'
import { unsignedAclProbe } from './unsigned-acl.js'
import { unsignedCopySourceProbe } from './unsigned-copy-source.js'

/** In report order: what breaks uploads first, then what an attacker uses, then what is worth knowing. */
export const PROBES: readonly Probe[] = [
  corsProbe,
  clockProbe,
  unsignedCopySourceProbe,
  unsignedAclProbe,
  lifecycleProbe,
  otherBucketsProbe,
  contentMd5Probe,
  conditionalWriteProbe,
]
