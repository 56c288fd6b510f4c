import type { PresignReplies, PresignRequest } from '../../protocol/messages.js'
import { PresignErrorCode } from '../../protocol/error-codes.js'
import { postJson } from './post-json.js'
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
  /** The server's upload route whose rules apply (`routes.avatar` of the handler), sent with every request. */
  route?: string
}

/** A checked reply, with the reply's `Date` header: the server's clock, which URL lifetimes are measured on. */
export interface EndpointReply<T> {
  reply: T
  /** `null` when the browser may not read it (a cross-origin endpoint that does not expose it). */
  serverDate: string | null
}

export interface EndpointClient {
  send<R extends PresignRequest>(
    request: R,
    signal?: AbortSignal,
  ): Promise<PresignReplies[R['operation']]>
  /** Like `send`, with the server's `Date` beside the reply. */
  exchange<R extends PresignRequest>(
    request: R,
    signal?: AbortSignal,
  ): Promise<EndpointReply<PresignReplies[R['operation']]>>
  /** Sends at once what waits for company (a batching client); a client that does not wait has none. */
  flush?(): void
}

/** Options, or a function read on every request (new headers or a new endpoint apply to the next one). */
export type EndpointOptionsSource = EndpointOptions | (() => EndpointOptions)

export function createEndpointClient(options: EndpointOptionsSource): EndpointClient {
  const exchange = async <R extends PresignRequest>(request: R, signal?: AbortSignal) => {
    const { reply, serverDate } = await postJson(options, request, PresignErrorCode, signal)
    return { reply: validateReply(request.operation as R['operation'], reply), serverDate }
  }
  return {
    exchange,
    send: async (request, signal) => (await exchange(request, signal)).reply,
  }
}
