import { EndpointError } from '../errors.js'
import type { FileDescriptor } from '../../protocol/messages.js'
import { judgeFailure, sleep } from './retry.js'
import type { TransferContext, TransferResult } from './transfer-context.js'
import * as StorageFailure from './storage-failures.js'

/** A transfer the server has looked at: what its `onUploadComplete` returned rides along. */
export interface ConfirmedResult extends TransferResult {
  serverData?: unknown
}

/**
 * `confirmUpload` once the bytes landed: the server checks the object (HeadObject) and
 * tells the host app. A lost answer is retried like any endpoint call; the server is
 * idempotent about it. An endpoint that does not know the operation (a hand-written one)
 * answers UNKNOWN_OPERATION: the upload then counts as done unconfirmed, unless the
 * store's answer left it unproven (`unverified`), which only a confirm could settle.
 *
 * A confirm waits a while for company (batching-endpoint-client.ts, `confirmWindowMs`):
 * the confirms of files landing meanwhile, or a signing request. `alone` (no other file
 * uploading or waiting to) sends it at once instead: nothing would come, and the wait
 * would only delay the upload's end.
 */
export async function confirmTransfer(
  context: TransferContext,
  file: FileDescriptor,
  result: TransferResult,
  signal: AbortSignal,
  alone = false,
): Promise<ConfirmedResult> {
  if (!context.confirm) return unconfirmed(result)
  const request = {
    operation: 'confirmUpload' as const,
    key: result.key,
    size: file.size,
    ...(result.etag !== undefined && { etag: result.etag }),
    ...(result.sha256 !== undefined && { sha256: result.sha256 }),
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const signed = context.cache.sign(request, signal)
      if (alone) context.cache.flush()
      const reply = await signed
      return reply.serverData === undefined ? withoutFlag(result) : { ...withoutFlag(result), serverData: reply.serverData }
    } catch (error) {
      if (signal.aborted) throw signal.reason
      if (error instanceof EndpointError && error.serverCode === 'UNKNOWN_OPERATION') return unconfirmed(result)
      const verdict = judgeFailure(error, undefined, context.clock.now())
      if (!verdict.retry || attempt >= context.retry.attempts) throw verdict.error
      await sleep(context.retry.retryDelay(attempt, verdict.error), signal, context.clock)
    }
  }
}

function unconfirmed(result: TransferResult): ConfirmedResult {
  // NoSuchUpload after a retried Complete: aborted or completed, nobody looked.
  if (result.unverified) throw StorageFailure.http(404, 'NoSuchUpload')
  return result
}

function withoutFlag({ unverified: _unverified, ...result }: TransferResult): TransferResult {
  return result
}
