import type { GetObjectsRequest, PresignReplies, PresignRequest } from '../protocol/messages.js'
import { authorizeIntent } from './authorize.js'
import { FastPresigner } from './fast-presigner.js'
import { isBatchBody, signBatch } from './batch.js'
import { checkFilePolicy } from './file-policy.js'
import { signGetObjects } from './get-objects.js'
import { errorResponse, jsonResponse } from './json-response.js'
import { checkMultipartLimits } from './multipart-limits.js'
import { makeObjectKey } from './object-key.js'
import { resolveOptions, type PresignHandlerOptions, type ResolvedOptions } from './options.js'
import { checkMethodAndContentType, parsePresignRequest, readJsonBody } from './parse-request.js'
import { multipartKey, partLengths } from './part-binding.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'
import {
  signCreateMultipartUpload,
  signMultipartCall,
  signPutObject,
  signUploadPart,
  type SigningContext,
} from './sign.js'

/** A Fetch-API handler: `export const POST = handler` in Next.js, `app.post(path, c => handler(c.req.raw))` in Hono. */
export interface PresignHandler {
  (request: Request): Promise<Response>
  /** The body size limit, read by `toNodeHandler` so it never buffers more than this. */
  readonly maxRequestBytes: number
}

type PresignReply = PresignReplies[keyof PresignReplies]

async function signIntent(
  context: SigningContext,
  intent: Exclude<PresignRequest, GetObjectsRequest>,
  prefix: string,
  options: ResolvedOptions,
): Promise<PresignReply> {
  switch (intent.operation) {
    case 'putObject': {
      const key = makeObjectKey(prefix, intent.file.name)
      return { ...(await signPutObject(context, key, intent.file)), key }
    }
    case 'createMultipartUpload': {
      const key = multipartKey(intent, prefix, options)
      return { ...(await signCreateMultipartUpload(context, key, intent.file)), key }
    }
    case 'signParts': {
      const { key, uploadId, partNumbers } = intent
      const lengths = partLengths(intent, prefix, options)
      const parts = partNumbers.map((n, i) => signUploadPart(context, key, uploadId, n, lengths?.[i]))
      return { parts: await Promise.all(parts) }
    }
    case 'listParts':
    case 'completeMultipartUpload':
    case 'abortMultipartUpload':
      return signMultipartCall(context, intent.operation, intent.key, intent.uploadId)
  }
}

// The order matters: cheap checks first, and every refusal happens before anything is signed.
async function handlePresign(request: Request, options: ResolvedOptions, presigner: FastPresigner): Promise<Response> {
  checkMethodAndContentType(request)
  const body = await readJsonBody(request, options.maxRequestBytes)
  if (isBatchBody(body)) {
    return jsonResponse(200, await signBatch(body, options, (intent) => signChecked(request, intent, options, presigner)))
  }
  const intent = parsePresignRequest(body, options.maxPartNumbersPerRequest, options.maxKeysPerRequest)
  return jsonResponse(200, await signChecked(request, intent, options, presigner))
}

async function signChecked(
  request: Request,
  intent: PresignRequest,
  options: ResolvedOptions,
  presigner: FastPresigner,
): Promise<PresignReply> {
  // Reads are authorized per key inside, so one refused key does not refuse the others.
  if (intent.operation === 'getObjects') return signGetObjects(request, intent, options)
  if ('file' in intent) checkFilePolicy(intent.operation, intent.file, options)
  checkMultipartLimits(intent, options)
  const prefix = await authorizeIntent(request, intent, options)
  const context: SigningContext = {
    s3: options.s3,
    bucket: options.bucket,
    expiresIn: options.expiresIn,
    signingDate: new Date(),
    presigner,
  }
  return signIntent(context, intent, prefix, options)
}

function report(onError: (error: unknown) => void, error: unknown): void {
  try {
    onError(error)
  } catch {
    // A failing logger must not turn one failed request into a crashed process.
  }
}

/**
 * Creates the signing endpoint. Throws a TypeError at once for bad options
 * (a missing `authorize` included), so a misconfigured app fails at startup.
 */
export function createPresignHandler(options: PresignHandlerOptions): PresignHandler {
  const resolved = resolveOptions(options)
  // One per handler: it resolves the bucket's endpoint once and reuses the signer.
  const presigner = new FastPresigner(resolved.s3, resolved.bucket)
  const handler = async (request: Request): Promise<Response> => {
    try {
      return await handlePresign(request, resolved, presigner)
    } catch (error) {
      if (error instanceof PresignRejection) return errorResponse(error)
      // The client gets a generic message: error details can name buckets, keys or auth internals.
      report(resolved.onError, error)
      return errorResponse(new PresignRejection(PresignErrorCode.INTERNAL_ERROR, 'The upload could not be prepared'))
    }
  }
  return Object.assign(handler, { maxRequestBytes: resolved.maxRequestBytes })
}
