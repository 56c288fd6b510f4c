import { EndpointError } from '../errors.js'
import type { FileDescriptor } from '../../protocol/messages.js'
import { judgeFailure, retryWhileOnline, sleep } from './retry.js'
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
  // Offline, the confirm waits like the transfer did: a file whose bytes landed just before
  // the network went down must not use up its attempts and fail (resilience.e2e).
  const reply = await retryWhileOnline(
    async (trySignal) => {
      const signed = context.cache.sign(request, trySignal)
      if (alone) context.cache.flush()
      return signed.catch((error: unknown) => {
        if (error instanceof EndpointError && error.serverCode === 'UNKNOWN_OPERATION') return undefined
        throw error
      })
    },
    async (error, attempt) => {
      const verdict = judgeFailure(error, undefined, context.clock.now())
      if (!verdict.retry || attempt >= context.retry.attempts) throw verdict.error
      await sleep(context.retry.retryDelay(attempt, verdict.error), signal, context.clock)
    },
    signal,
    context.network,
  )
  if (reply === undefined) return unconfirmed(result)
  return reply.serverData === undefined ? withoutFlag(result) : { ...withoutFlag(result), serverData: reply.serverData }
}

function unconfirmed(result: TransferResult): ConfirmedResult {
  // NoSuchUpload after a retried Complete: aborted or completed, nobody looked.
  if (result.unverified) throw StorageFailure.http(404, 'NoSuchUpload')
  return result
}

function withoutFlag({ unverified: _unverified, ...result }: TransferResult): TransferResult {
  return result
}
