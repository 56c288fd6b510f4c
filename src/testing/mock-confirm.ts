import { toHex } from '../core/hashing/digest-encoding.js'
import { Md5 } from '../core/hashing/md5.js'
import type { ConfirmUploadReply, ConfirmUploadRequest } from '../protocol/messages.js'
import type { StoredObject } from './mock-writes.js'

/** The mock endpoint's `confirmUpload`, as the handler does it against S3 (see src/server/operations/confirm-upload.ts). */

/** What the mock's `confirmUpload` hands to `onUploadComplete` (the handler's own adds `request`). */
export interface MockUploadComplete {
  key: string
  size: number
  type: string
  etag: string
  idempotencyKey: string
}

/** A refusal of the mock endpoint, answered with the protocol's error body. */
export class MockRefusal extends Error {
  constructor(readonly status: number, readonly code: string) {
    super(code)
  }
}

/** The object must be there with the size and ETag claimed; one that differs is removed, as the handler does. */
export async function confirmStored(
  objects: Map<string, StoredObject>,
  body: ConfirmUploadRequest,
  onUploadComplete: ((event: MockUploadComplete) => unknown) | undefined,
): Promise<ConfirmUploadReply> {
  const stored = objects.get(body.key)
  if (!stored) throw new MockRefusal(404, 'UPLOAD_NOT_FOUND')
  const etag = stored.etag ?? `"${toHex(new Md5().update(stored.body).digest())}"`
  const otherSha256 = body.sha256 !== undefined && body.sha256 !== stored.checksumSha256
  if (stored.body.byteLength !== body.size || (body.etag !== undefined && body.etag.toLowerCase() !== etag) || otherSha256) {
    objects.delete(body.key)
    throw new MockRefusal(422, 'UPLOAD_MISMATCH')
  }
  const reply = { key: body.key, size: stored.body.byteLength, type: stored.contentType, etag }
  const serverData = await onUploadComplete?.({ ...reply, idempotencyKey: `${body.key}\n${etag}` })
  return serverData === undefined ? reply : { ...reply, serverData }
}
