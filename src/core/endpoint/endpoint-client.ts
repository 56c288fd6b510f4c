import { EndpointError } from '../errors.js'
import type { BatchRequest, PresignReplies, PresignRequest } from '../../protocol/messages.js'
import { validateReply } from './reply-checks.js'

export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>)

export interface EndpointOptions {
  /** URL of the host app's signing endpoint, e.g. `/api/s3`. */
  endpoint: string
  /** Extra headers for the endpoint request (an auth token, a CSRF header). A function is called per request. */
  headers?: HeadersSource
  /** `credentials` of the endpoint `fetch`; `same-origin` by default, `include` for cookies cross-origin. */
  credentials?: RequestCredentials
  /** A `fetch` to use instead of the global one (tests, instrumentation). */
  fetch?: typeof fetch
}

export interface EndpointClient {
  send<R extends PresignRequest>(
    request: R,
    signal?: AbortSignal,
  ): Promise<PresignReplies[R['operation']]>
}

export function createEndpointClient(options: EndpointOptions): EndpointClient {
  return {
    async send<R extends PresignRequest>(request: R, signal?: AbortSignal) {
      const value = await postJson(options, request, signal)
      return validateReply(request.operation as R['operation'], value)
    },
  }
}

/**
 * POSTs one JSON body and returns the parsed 2xx reply, *unchecked*, or throws a typed error.
 * For callers that check the shape themselves (the signed-URL cache, which must not pull
 * every operation's checks into a bundle that only shows images; the batching client).
 */
export async function postJson(
  options: EndpointOptions,
  request: PresignRequest | BatchRequest,
  signal?: AbortSignal,
): Promise<unknown> {
  const response = await post(options, request, signal)
  const body = await readJson(response)
  if (!response.ok) throw errorFromReply(response.status, body)
  if (body.kind === 'text') throw notJsonError(response.status, body.text)
  return body.value
}

async function post(
  options: EndpointOptions,
  request: PresignRequest | BatchRequest,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const doFetch = options.fetch ?? globalThis.fetch
  const extra = typeof options.headers === 'function' ? await options.headers() : options.headers
  const headers = new Headers(extra)
  headers.set('content-type', 'application/json')
  headers.set('accept', 'application/json')
  try {
    return await doFetch(options.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
      credentials: options.credentials ?? 'same-origin',
      signal: signal ?? null,
    })
  } catch (cause) {
    if (signal?.aborted) throw cause
    throw new EndpointError(
      'ENDPOINT_UNREACHABLE',
      `The upload server could not be reached (${describe(cause)}).`,
      { cause },
    )
  }
}

type Body = { kind: 'json'; value: unknown } | { kind: 'text'; text: string }

async function readJson(response: Response): Promise<Body> {
  const text = await response.text()
  try {
    return { kind: 'json', value: JSON.parse(text) }
  } catch {
    return { kind: 'text', text }
  }
}

function errorFromReply(status: number, body: Body): EndpointError {
  const serverError = body.kind === 'json' ? readServerError(body.value) : undefined
  if (serverError) {
    return new EndpointError('ENDPOINT_REJECTED', serverError.message, {
      status,
      serverCode: serverError.code,
    })
  }
  return new EndpointError('ENDPOINT_HTTP_ERROR', `The upload server answered ${status}.`, {
    status,
  })
}

function readServerError(value: unknown): { code: string; message: string } | undefined {
  if (typeof value !== 'object' || value === null || !('error' in value)) return undefined
  const error = value.error
  if (typeof error !== 'object' || error === null) return undefined
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined
  const message = 'message' in error && typeof error.message === 'string' ? error.message : undefined
  if (!code) return undefined
  return { code, message: message ?? code }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

function notJsonError(status: number, text: string): EndpointError {
  const looksHtml = /^\s*</.test(text)
  return new EndpointError(
    'ENDPOINT_NOT_JSON',
    looksHtml
      ? 'The upload server answered with an HTML page instead of JSON (a login page or a wrong endpoint URL?).'
      : 'The upload server answered with something that is not JSON.',
    { status },
  )
}
