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
 * The per-request limits a batch shares rather than multiplies (issue 12): without
 * this, 100 getObjects items of 500 keys each sign 50,000 URLs (and run `authorize`
 * 50,000 times) in one request. With it, one batch costs at most `maxKeysPerRequest`
 * GET URLs, `maxPartNumbersPerRequest` part URLs, and `maxKeysPerRequest +
 * maxBatchSize` authorize calls. Counted on the raw items, before any is parsed.
 */
const SHARED_LIMITS = [
  { operation: 'getObjects', field: 'keys', what: 'keys', code: PresignErrorCode.TOO_MANY_KEYS, limit: (o: ResolvedOptions) => o.maxKeysPerRequest },
  { operation: 'signParts', field: 'partNumbers', what: 'part numbers', code: PresignErrorCode.TOO_MANY_PARTS, limit: (o: ResolvedOptions) => o.maxPartNumbersPerRequest },
] as const

function countOf(items: readonly unknown[], operation: string, field: string): number {
  let total = 0
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue
    const record = item as Record<string, unknown>
    const values = record[field]
    if (record.operation === operation && Array.isArray(values)) total += values.length
  }
  return total
}

function checkSharedLimits(items: readonly unknown[], options: ResolvedOptions): void {
  for (const { operation, field, what, code, limit } of SHARED_LIMITS) {
    const total = countOf(items, operation, field)
    if (total > limit(options)) {
      throw new PresignRejection(
        code,
        `At most ${limit(options)} ${what} can be signed per request, batch included; got ${total}`,
      )
    }
  }
}

/**
 * Answers each item as it would have been answered alone (parse, policy,
 * authorize, sign), in order. A refused item becomes `{ status, error }` in
 * its slot; the others are still signed. Nested batches are unknown operations.
 * The per-request limits on keys and part numbers hold for the batch as a whole.
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
  checkSharedLimits(requests, options)
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
