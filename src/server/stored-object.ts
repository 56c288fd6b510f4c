import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { directHead } from './direct-head.js'
import type { FastPresigner } from './fast-presigner.js'
import type { ResolvedOptions } from './options.js'

/**
 * The two real S3 calls the handler makes (everything else is signing, pure CPU),
 * both for `confirmUpload`, through the host's S3Client: DeleteObject always by
 * `s3.send`, HeadObject by `s3.send` unless direct-head.ts may take it (a plain
 * client and a bucket the fast presigner signs), and whenever that path leaves it.
 */

export interface StoredObjectHead {
  size: number
  type: string
  etag: string
  /** `ChecksumSHA256` as the store keeps it (asked for with checksum mode on), if it keeps one. */
  checksumSha256?: string | undefined
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as { name?: unknown; $metadata?: { httpStatusCode?: unknown } }
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404
}

/** HeadObject, or `undefined` when the store has no such key. Other failures throw (answered 500). */
export async function headObject(
  options: ResolvedOptions,
  key: string,
  withChecksum = false,
  presigner?: FastPresigner,
): Promise<StoredObjectHead | undefined> {
  const direct = presigner === undefined ? 'unanswered' : await directHead(options.s3, presigner, key, withChecksum)
  if (direct === 'absent') return undefined
  if (direct !== 'unanswered') return direct
  try {
    const input = { Bucket: options.bucket, Key: key, ...(withChecksum && { ChecksumMode: 'ENABLED' as const }) }
    const head = await options.s3.send(new HeadObjectCommand(input))
    return { size: head.ContentLength ?? 0, type: head.ContentType ?? '', etag: head.ETag ?? '', checksumSha256: head.ChecksumSHA256 }
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

export async function deleteObject(options: ResolvedOptions, key: string): Promise<void> {
  await options.s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key }))
}
