// In-process S3 stand-in that verifies SigV4 signatures, expiry and signed
// Content-Type/Length (see /work/shared/notes/s3-servers.md). Plain JS: the
// package ships no types; s3rver.d.mts describes the little used here.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import S3rver from '@20minutes/s3rver'

export async function startS3rver(bucket) {
  const directory = await mkdtemp(path.join(tmpdir(), 'presign-s3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    resetOnClose: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  })
  const { port } = await server.run()
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async close() {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}
