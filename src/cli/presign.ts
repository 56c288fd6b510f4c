import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { createS3Client } from '../server/s3-client.js'
import type { Environment, PresignCommand } from './presign-command.js'

/** Signs one URL for the command line; the keys come from `env` when it has them. */
export async function presignFromCommand(command: PresignCommand, env: Environment): Promise<string> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env
  const s3 = createS3Client({
    region: command.region,
    forcePathStyle: command.forcePathStyle,
    ...(command.endpoint === undefined ? {} : { endpoint: command.endpoint }),
    // Without keys in `env`, the SDK's own chain (profiles, SSO, instance roles) applies.
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, sessionToken } } : {}),
  })
  try {
    const { bucket: Bucket, key: Key, expiresIn } = command
    if (command.method === 'GET') return await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), { expiresIn })
    const put = new PutObjectCommand({ Bucket, Key, ContentType: command.contentType })
    // A given Content-Type is signed, so the upload must send exactly that type.
    const signableHeaders = command.contentType === undefined ? undefined : new Set(['content-type'])
    return await getSignedUrl(s3, put, { expiresIn, ...(signableHeaders ? { signableHeaders } : {}) })
  } finally {
    s3.destroy()
  }
}
