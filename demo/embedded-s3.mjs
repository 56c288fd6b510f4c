// An in-process S3-compatible store for the demo and quick local runs. It
// verifies SigV4 signatures, expiry, and the signed Content-Type/Length, so the
// demo exercises the same rules as a real bucket (it does not do multipart
// rules or Content-MD5; the e2e tests use Ceph RGW for those).
import { createServer } from 'node:net'
import S3rver from '@20minutes/s3rver'

const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>DELETE</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`

/** `keep: true` leaves the objects in `directory` on close, for the next start. */
export async function startEmbeddedS3({ directory, bucket = 'demo-bucket', port, keep = false } = {}) {
  const chosenPort = port ?? (await freePort())
  const server = new S3rver({
    address: '127.0.0.1',
    port: chosenPort,
    directory,
    silent: true,
    resetOnClose: !keep,
    configureBuckets: [{ name: bucket, configs: [CORS] }],
  })
  await server.run()
  return {
    storage: {
      endpoint: `http://127.0.0.1:${chosenPort}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      bucket,
      forcePathStyle: true,
    },
    // The SDK's bucket-level calls fail against s3rver (it signs another path), so list through its store.
    listObjects: async (prefix = 'uploads/') => {
      const { objects } = await server.store.listObjects(bucket, { prefix })
      return objects.map((object) => ({
        key: object.key,
        size: Number(object.metadata['content-length']),
        contentType: object.metadata['content-type'],
        lastModified: object.metadata['last-modified'],
      }))
    },
    close: () => server.close(),
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}
