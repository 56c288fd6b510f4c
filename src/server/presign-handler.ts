import { FastPresigner } from './fast-presigner.js'
import { isBatchBody, signBatch } from './batch.js'
import { errorResponse, jsonResponse } from './json-response.js'
import { answerOperation, type Call } from './operations/index.js'
import { resolveOptions, type PresignHandlerOptions, type ResolvedOptions } from './options.js'
import { checkOrigin } from './origin-check.js'
import { checkMethodAndContentType, readJsonBody } from './parse-request.js'
import { optionsForBody, resolveRoutes, type PresignRoutes, type ResolvedRoutes } from './routes.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/** A Fetch-API handler: `export const POST = handler` in Next.js, `app.post(path, c => handler(c.req.raw))` in Hono. */
export interface PresignHandler<Routes extends PresignRoutes = PresignRoutes> {
  (request: Request): Promise<Response>
  /** The body size limit, read by `toNodeHandler` so it never buffers more than this. */
  readonly maxRequestBytes: number
  /**
   * Type only (never set): the handler's routes, so the browser can type `serverData`
   * from `typeof handler` (see `createUploader` in `react-presigned-s3`).
   */
  readonly routes?: Routes
}

// The order matters: cheap checks first, and every refusal happens before anything is signed.
async function handlePresign(
  request: Request,
  options: ResolvedOptions,
  routes: ResolvedRoutes,
  presigner: FastPresigner,
): Promise<Response> {
  checkMethodAndContentType(request)
  checkOrigin(request, options.allowedOrigins)
  const body = await readJsonBody(request, options.maxRequestBytes)
  // Each body (each batch item) is answered with the options of the route it names.
  const answer = async (item: unknown) => {
    const call: Call = { request, options: optionsForBody(item, options, routes), presigner }
    return answerOperation(item, call)
  }
  if (isBatchBody(body)) return jsonResponse(200, await signBatch(body, options, answer))
  return jsonResponse(200, await answer(body))
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
export function createPresignHandler<const Routes extends PresignRoutes = PresignRoutes>(
  options: PresignHandlerOptions & { routes?: Routes },
): PresignHandler<Routes> {
  const resolved = resolveOptions(options)
  const routes = resolveRoutes(options, resolveOptions)
  // One per handler: it resolves the bucket's endpoint once and reuses the signer.
  const presigner = new FastPresigner(resolved.s3, resolved.bucket)
  const handler = async (request: Request): Promise<Response> => {
    try {
      return await handlePresign(request, resolved, routes, presigner)
    } catch (error) {
      if (error instanceof PresignRejection) return errorResponse(error)
      // The client gets a generic message: error details can name buckets, keys or auth internals.
      report(resolved.onError, error)
      return errorResponse(new PresignRejection(PresignErrorCode.INTERNAL_ERROR, 'The upload could not be prepared'))
    }
  }
  return Object.assign(handler, { maxRequestBytes: resolved.maxRequestBytes })
}
