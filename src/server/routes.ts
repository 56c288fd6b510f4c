import type { PresignHandlerOptions, ResolvedOptions, UploadCompleteFunction } from './options.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * Upload routes: one handler, several kinds of upload with their own rules
 * (`avatar`: small images under `avatars/`; `documents`: large PDFs). A route's
 * options override the handler's for requests naming it in `route`; a request
 * without `route` gets the handler's own options, as before routes existed.
 * Everything is resolved at creation, so a bad route fails at startup.
 */

/** What a route may set: every policy option; not the store (`s3`, `bucket`) nor the request limits of the endpoint itself. */
export type RouteOptions = Partial<Omit<PresignHandlerOptions, 's3' | 'bucket' | 'routes' | 'maxRequestBytes' | 'maxBatchSize' | 'onError'>>

export type PresignRoutes = Readonly<Record<string, RouteOptions>>

/** Route names: short identifiers, so they read well in logs and can be echoed safely. */
const ROUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

export type ResolvedRoutes = ReadonlyMap<string, ResolvedOptions>

export function resolveRoutes(
  options: PresignHandlerOptions,
  resolve: (options: PresignHandlerOptions) => ResolvedOptions,
): ResolvedRoutes {
  const routes = new Map<string, ResolvedOptions>()
  const { routes: given } = options
  if (given === undefined) return routes
  if (typeof given !== 'object' || given === null) throw new TypeError('routes must be an object of route options by name')
  for (const [name, route] of Object.entries(given)) {
    if (!ROUTE_NAME.test(name)) throw new TypeError(`Route name ${JSON.stringify(name)} must be 1-64 letters, digits, "-" or "_"`)
    if (typeof route !== 'object' || route === null) throw new TypeError(`routes.${name} must be an object of options`)
    routes.set(name, resolve({ ...options, ...route }))
  }
  return routes
}

/** The options a request is answered with: its route's, or the handler's when it names none. */
export function optionsForBody(body: unknown, base: ResolvedOptions, routes: ResolvedRoutes): ResolvedOptions {
  const route = typeof body === 'object' && body !== null ? (body as { route?: unknown }).route : undefined
  if (route === undefined) return base
  if (typeof route !== 'string') throw invalidRequest('route must be a string')
  const options = routes.get(route)
  if (options === undefined) {
    // Echoed back JSON-quoted and cut short: it is untrusted input.
    throw new PresignRejection(PresignErrorCode.UNKNOWN_ROUTE, `Unknown upload route ${JSON.stringify(route.slice(0, 64))}`)
  }
  return options
}

/** What a route's `onUploadComplete` returns, the browser's `serverData` (see `createUploader` in the React entry). */
export type RouteServerData<R> = R extends { onUploadComplete: UploadCompleteFunction & ((...args: never[]) => infer T) } ? Awaited<T> : undefined
