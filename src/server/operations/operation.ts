import type { PresignOperation, PresignReplies, PresignRequest } from '../../protocol/messages.js'
import { authorizeIntent } from '../authorize.js'
import type { FastPresigner } from '../fast-presigner.js'
import type { PresignIntent, ResolvedOptions } from '../options.js'
import type { SigningContext } from '../signer.js'

/**
 * The shape of one entry of the operation table (index.ts). The handler runs
 * `parse`, then `check`, then `answer`: cheap checks first, and every refusal
 * before anything is signed.
 */

export type RequestOf<O extends PresignOperation> = Extract<PresignRequest, { operation: O }>

/** The HTTP request being answered, with what every operation may need. */
export interface Call {
  request: Request
  options: ResolvedOptions
  presigner: FastPresigner
}

export interface Operation<O extends PresignOperation> {
  /** The body's shape, checked field by field; unknown extra fields are ignored, so newer clients can talk to older servers. */
  parse(body: Record<string, unknown>, options: ResolvedOptions): RequestOf<O>
  /** Refusals that need no auth lookup (size, type, counts): a refused request costs no `authorize` call. */
  check(intent: RequestOf<O>, options: ResolvedOptions): void
  /** Authorizes (most operations through `authorizedOnce`) and signs. */
  answer(intent: RequestOf<O>, call: Call): Promise<PresignReplies[O]>
}

export function noCheck(): void {}

export function signingContext(call: Call, expiresIn: number): SigningContext {
  const { options, presigner } = call
  return { s3: options.s3, bucket: options.bucket, expiresIn, signingDate: new Date(), presigner }
}

/** What an operation signs with once `authorize` has allowed it. */
export interface Authorized {
  /** The caller's normalised key prefix. */
  prefix: string
  context: SigningContext
  options: ResolvedOptions
  /** The HTTP request, for what the host computes per caller (object metadata, tags). */
  request: Request
}

/** `authorize` once for the whole request, then sign with the upload lifetime (`expiresIn`). */
export function authorizedOnce<O extends PresignOperation>(
  sign: (intent: RequestOf<O> & PresignIntent, authorized: Authorized) => Promise<PresignReplies[O]>,
): (intent: RequestOf<O> & PresignIntent, call: Call) => Promise<PresignReplies[O]> {
  return async (intent, call) => {
    const prefix = await authorizeIntent(call.request, intent, call.options)
    return sign(intent, { prefix, context: signingContext(call, call.options.expiresIn), options: call.options, request: call.request })
  }
}
