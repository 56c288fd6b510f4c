// The handler every runtime and framework test mounts, configured as the
// README's "On the server" shows. Plain JS, importing the packed package
// installed in test/runtimes/node_modules: what a user's app would run.
// Signing is offline, so the store (AWS, virtual-hosted) is never contacted.
import { createPresignHandler, createS3Client } from 'react-presigned-s3/server'
import STORE from './store.json' with { type: 'json' }

export const handler = createPresignHandler({
  s3: createS3Client({
    region: STORE.region,
    credentials: { accessKeyId: STORE.accessKeyId, secretAccessKey: STORE.secretAccessKey },
  }),
  bucket: STORE.bucket,
  keyPrefix: 'uploads/',
  maxFileSize: 50 * 1024 * 1024,
  allowedContentTypes: ['image/*', 'application/pdf'],
  authorize: async (request) => request.headers.get('authorization') === STORE.authorization,
  // every-operation.ts compares URLs signed without MD5s; test/server/s3-requests.test.ts covers content-md5.
  requireChecksum: false,
})
