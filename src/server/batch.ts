import type { BatchItemReply, BatchReply } from '../protocol/messages.js'
import type { ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/** Answers one item's body exactly as it would be answered alone (operations/index.ts). */
type AnswerOne = (body: unknown) => Promise<BatchItemReply>

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
  answerOne: AnswerOne,
): Promise<BatchReply> {
  const { requests } = body
  if (!Array.isArray(requests) || requests.length === 0 || requests.length > options.maxBatchSize) {
    throw invalidRequest(`requests must be an array of 1 to ${options.maxBatchSize} requests`)
  }
  const replies = await Promise.all(requests.map((item) => answerItem(item, options, answerOne)))
  return { replies }
}

async function answerItem(item: unknown, options: ResolvedOptions, answerOne: AnswerOne): Promise<BatchItemReply> {
  try {
    return await answerOne(item)
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
