import { http, type HttpResponseResolver } from 'msw'
import { s3Error } from './s3-error.js'

/**
 * The mock bucket's CORS, as S3 applies the rule the README asks for
 * (docs/protocol.md#cors): preflights answered, the request's Origin echoed
 * when allowed, `ETag` exposed. It matters wherever the test environment
 * enforces CORS: MSW 3 lets jsdom's own XMLHttpRequest run, and jsdom checks
 * CORS like a browser, so a bucket without these headers fails every upload.
 */

/** The page origins the bucket's CORS rule allows; `'*'` allows any. */
export type AllowedOrigins = readonly string[]

const ALLOWED_METHODS = ['PUT', 'POST', 'GET', 'DELETE', 'HEAD']
const EXPOSED_HEADERS = ['ETag']
const MAX_AGE_SECONDS = 3000

function allows(origins: AllowedOrigins, origin: string | null): origin is string {
  return origin !== null && (origins.includes('*') || origins.includes(origin))
}

/** The `Access-Control-*` headers S3 adds to a response for an allowed origin. */
function addCorsHeaders(origins: AllowedOrigins, request: Request, response: Response): Response {
  const origin = request.headers.get('origin')
  // A dropped connection (`HttpResponse.error()`) has no headers to add, as with S3.
  if (!allows(origins, origin) || response.type === 'error') return response
  const headers = new Headers(response.headers)
  headers.set('access-control-allow-origin', origin)
  headers.set('access-control-expose-headers', EXPOSED_HEADERS.join(', '))
  headers.append('vary', 'Origin')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/** Wraps a bucket handler's resolver so each response it gives carries the CORS headers. */
export function withCors<Params extends Record<string, string | readonly string[]>>(
  origins: AllowedOrigins,
  resolver: HttpResponseResolver<Params>,
): HttpResponseResolver<Params> {
  return async (info) => {
    const response = await resolver(info)
    return response instanceof Response ? addCorsHeaders(origins, info.request, response) : response
  }
}

/** The `OPTIONS` handler for the bucket: S3 answers 200 to an allowed preflight, 403 to any other. */
export function preflightHandler(bucketUrl: string, origins: AllowedOrigins) {
  return http.options(`${bucketUrl}/:key`, ({ request }) => {
    const origin = request.headers.get('origin')
    const method = request.headers.get('access-control-request-method')
    if (!allows(origins, origin) || method === null || !ALLOWED_METHODS.includes(method.toUpperCase())) {
      return s3Error(403, 'AccessForbidden')
    }
    const headers = new Headers({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': ALLOWED_METHODS.join(', '),
      'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
      'access-control-max-age': String(MAX_AGE_SECONDS),
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    })
    // The README's rule allows any header (`AllowedHeaders: ["*"]`): S3 then echoes the ones asked for.
    const asked = request.headers.get('access-control-request-headers')
    if (asked) headers.set('access-control-allow-headers', asked)
    return new Response(null, { status: 200, headers })
  })
}
