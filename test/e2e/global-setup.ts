import type { TestProject } from 'vitest/node'
// @ts-expect-error plain ESM script without types, shared with bench/
import { startRgw } from '../../tools/rgw/rgw.mjs'

export interface RgwInfo {
  endpoint: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  bucket: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    rgw: RgwInfo
  }
}

/** One Ceph RGW for the whole e2e run: it starts in a few seconds, and its memstore keeps objects in RAM. */
export default async function setup(project: TestProject) {
  const rgw = await startRgw({ log: (message: string) => console.log(`[rgw] ${message}`) })
  console.log(`[rgw] Ceph RGW ready at ${rgw.endpoint}, bucket ${rgw.bucket}`)
  const { endpoint, region, accessKeyId, secretAccessKey, bucket } = rgw
  project.provide('rgw', { endpoint, region, accessKeyId, secretAccessKey, bucket })
  return async () => {
    await rgw.stop()
  }
}
