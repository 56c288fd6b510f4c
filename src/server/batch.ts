import type { BatchItemReply, BatchReply, PresignRequest } from '../protocol/messages.js'
import type { ResolvedOptions } from './options.js'
import { parsePresignRequest } from './parse-request.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

type SignOne = (intent: PresignRequest) => Promise<unknown>

/** `{ operation: 'batch', requests: [...] }`: several operations in one HTTP request. */
export function isBatchBody(body: unknown): body is { operation: 'batch'; requests?: unknown } {
  return typeof body === 'object' && body !== null && (body as { operation?: unknown }).operation === 'batch'
}

/**
 * Answers each item as it would have been answered alone (parse, policy,
 * authorize, sign), in order. A refused item becomes `{ status, error }` in
 * its slot; the others are still signed. Nested batches are unknown operations.
 */
export async function signBatch(
  body: { requests?: unknown },
  options: ResolvedOptions,
  signOne: SignOne,
): Promise<BatchReply> {
  const { requests } = body
  if (!Array.isArray(requests) || requests.length === 0 || requests.length > options.maxBatchSize) {
    throw invalidRequest(`requests must be an array of 1 to ${options.maxBatchSize} requests`)
  }
  const replies = await Promise.all(requests.map((item) => signItem(item, options, signOne)))
  return { replies }
}

async function signItem(item: unknown, options: ResolvedOptions, signOne: SignOne): Promise<BatchItemReply> {
  try {
    const intent = parsePresignRequest(item, options.maxPartNumbersPerRequest, options.maxKeysPerRequest)
    return (await signOne(intent)) as BatchItemReply
  } catch (error) {
    if (error instanceof PresignRejection) return { status: error.status, error: { code: error.code, message: error.message } }
    report(options, error)
    return { status: 500, error: { code: PresignErrorCode.INTERNAL_ERROR, message: 'The upload could not be prepared' } }
  }
}

function report(options: ResolvedOptions, error: unknown): void {
  try {
    options.onError(error)
  } catch {
    // A failing logger must not fail the other items.
  }
}
