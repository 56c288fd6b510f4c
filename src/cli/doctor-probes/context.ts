import { randomUUID } from 'node:crypto'
import type * as ClientS3 from '@aws-sdk/client-s3'
import type * as Presigner from '@aws-sdk/s3-request-presigner'
import type { ProbeResult } from '../doctor-report.js'

/**
 * What every probe gets: the SDK (loaded lazily, it is an optional peer dependency), a client
 * with the host's credentials, and probe keys that are all deleted at the end of the run.
 */

export interface DoctorSdk {
  s3: typeof ClientS3
  presigner: typeof Presigner
}

export const PROBE_PREFIX = '.react-presigned-s3-doctor/'

export interface ProbeContext {
  sdk: DoctorSdk
  client: ClientS3.S3Client
  bucket: string
  origin: string | undefined
  fetch: typeof fetch
  /** A fresh key under this run's probe prefix, remembered for the clean-up. */
  key(name: string): string
  /** A multipart upload to abort at the clean-up; call the function returned once it completed. */
  trackUpload(key: string, uploadId: string): () => void
  /** A PUT URL signed as the handler signs them: Content-Type and Content-Length bound. */
  signPut(key: string, body: string, contentType?: string): Promise<string>
  signGet(key: string): Promise<string>
}

export type Probe = (context: ProbeContext) => Promise<ProbeResult[]>

/** The S3 error code in an XML error body, e.g. `AccessDenied`. */
export function errorCodeOf(xml: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(xml)?.[1]
}

/** `HTTP 403 AccessDenied`, for details. */
export async function describeResponse(response: Response): Promise<string> {
  const code = errorCodeOf(await response.text())
  return `HTTP ${response.status}${code ? ` ${code}` : ''}`
}

/** The error name the SDK gives a failed call (the S3 code, e.g. `NoSuchLifecycleConfiguration`). */
export function sdkErrorName(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  // A network failure is a plain Error (or TypeError) whose message says what happened.
  return error.name === 'Error' || error.name === 'TypeError' ? `${error.name}: ${error.message}` : error.name
}

/** The same object's URL without any signature, as an anonymous reader would ask for it. */
export function unsignedUrl(signedUrl: string): string {
  const url = new URL(signedUrl)
  url.search = ''
  return url.href
}

/** An anonymous GET: 200 means anyone with the URL reads the object. */
export async function anonymousStatus(context: ProbeContext, signedUrl: string): Promise<number> {
  const response = await context.fetch(unsignedUrl(signedUrl))
  await response.body?.cancel()
  return response.status
}

export interface ProbeRun {
  context: ProbeContext
  /** Deletes every probe object and aborts every unfinished probe upload; says what it did. */
  cleanUp(): Promise<{ clean: boolean; message: string }>
}

export function createProbeRun(options: {
  sdk: DoctorSdk
  client: ClientS3.S3Client
  bucket: string
  origin: string | undefined
  fetch?: typeof fetch
}): ProbeRun {
  const { sdk, client, bucket } = options
  const runPrefix = `${PROBE_PREFIX}${randomUUID()}/`
  const keys = new Set<string>()
  const uploads = new Map<string, string>()
  const expiresIn = 120
  const context: ProbeContext = {
    ...options,
    fetch: options.fetch ?? fetch,
    key(name) {
      const key = `${runPrefix}${name}`
      keys.add(key)
      return key
    },
    trackUpload(key, uploadId) {
      uploads.set(uploadId, key)
      return () => uploads.delete(uploadId)
    },
    signPut: (key, body, contentType = 'text/plain') =>
      sdk.presigner.getSignedUrl(
        client,
        new sdk.s3.PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: Buffer.byteLength(body) }),
        { expiresIn, signableHeaders: new Set(['content-type']) },
      ),
    signGet: (key) => sdk.presigner.getSignedUrl(client, new sdk.s3.GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn }),
  }
  return {
    context,
    async cleanUp() {
      const failures: string[] = []
      for (const [uploadId, key] of uploads) {
        await client.send(new sdk.s3.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch((error: unknown) => {
          failures.push(`abort ${key}: ${sdkErrorName(error)}`)
        })
      }
      // One DeleteObject per key: some stores (s3rver) refuse bucket-level calls such as DeleteObjects.
      for (const key of keys) {
        await client.send(new sdk.s3.DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
          failures.push(`delete ${key}: ${sdkErrorName(error)}`)
        })
      }
      if (failures.length > 0) {
        return { clean: false, message: `Could not remove every probe object under ${runPrefix}: ${failures.join('; ')}.` }
      }
      return { clean: true, message: `Probe objects under ${runPrefix} removed.` }
    },
  }
}
