import { EndpointError, type KnownCodes } from '../errors.js'
import type { BatchRequest, PresignRequest } from '../../protocol/messages.js'
import type { EndpointOptions, EndpointOptionsSource, EndpointReply } from './endpoint-client.js'

// Apart from endpoint-client.ts (whose client checks every operation's reply), so the
// read side's lean path (read/read-endpoint.ts) brings no other operation's check along.

/**
 * POSTs one JSON body and returns the parsed 2xx reply, *unchecked*, with the `Date`
 * header, or throws a typed error. The batching client checks each item itself.
 * `codes`: the protocol codes a refusal of this request may carry (see `EndpointError.rejected`).
 */
export async function postJson(
  source: EndpointOptionsSource,
  request: PresignRequest | BatchRequest,
  codes: KnownCodes,
  signal?: AbortSignal,
): Promise<EndpointReply<unknown>> {
  const response = await post(typeof source === 'function' ? source() : source, request, signal)
  const body = await readJson(response)
  if (!response.ok) throw errorFromReply(response.status, body, codes)
  if (body.kind === 'text') throw EndpointError.notJson(response.status, body.text)
  return { reply: body.value, serverDate: response.headers.get('date') }
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
      body: JSON.stringify(withRoute(request, options.route)),
      credentials: options.credentials ?? 'same-origin',
      signal: signal ?? null,
    })
  } catch (cause) {
    if (signal?.aborted) throw cause
    throw EndpointError.unreachable(cause)
  }
}

/** Each operation names the route, a batch's items included (the server answers each on its own). */
function withRoute(request: PresignRequest | BatchRequest, route: string | undefined): PresignRequest | BatchRequest {
  if (route === undefined) return request
  if (request.operation === 'batch') return { ...request, requests: request.requests.map((item) => ({ ...item, route })) }
  return { ...request, route }
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

function errorFromReply(status: number, body: Body, codes: KnownCodes): EndpointError {
  const serverError = body.kind === 'json' ? readServerError(body.value) : undefined
  if (serverError) return EndpointError.rejected(codes, serverError.code, serverError.message, status)
  return EndpointError.http(status)
}

function readServerError(value: unknown): { code: string; message: string } | undefined {
  const error = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).error : undefined
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message } = error as Record<string, unknown>
  if (typeof code !== 'string' || code === '') return undefined
  return { code, message: typeof message === 'string' ? message : code }
}
