import { createContext, useContext } from 'react'
import type { EndpointOptions } from '../core/endpoint/endpoint-client.js'
import { SignedUrlCache } from '../core/read/signed-url-cache.js'

/**
 * What `<PresignProvider>` shares with everything below it: how to reach the
 * signing endpoint, and the page's one signed-URL cache.
 */
export interface PresignContextValue {
  endpoint: EndpointOptions
  cache: SignedUrlCache
}

export const PresignContext = /* @__PURE__ */ createContext<PresignContextValue | null>(null)

/** Endpoint props a component may take itself, overriding its provider. */
export type EndpointProps = Partial<Pick<EndpointOptions, 'endpoint' | 'headers' | 'credentials' | 'fetch'>>

const ENDPOINT_FIELDS = ['endpoint', 'headers', 'credentials', 'fetch'] as const

/** A component's own props win; fields it leaves undefined come from the provider. */
export function mergeEndpoint(own: EndpointProps, inherited: EndpointOptions | undefined): EndpointOptions {
  const merged: Record<string, unknown> = { ...inherited }
  for (const field of ENDPOINT_FIELDS) {
    if (own[field] !== undefined) merged[field] = own[field]
  }
  if (typeof merged.endpoint !== 'string' || merged.endpoint === '') {
    throw new Error(
      'react-presigned-s3: no signing endpoint. Pass `endpoint="/api/s3"`, or render inside <PresignProvider endpoint="/api/s3">.',
    )
  }
  return merged as unknown as EndpointOptions
}

// Without a provider, components that name the same endpoint still share one cache per page.
const sharedCaches = new Map<string, SignedUrlCache>()

function sharedCache(endpoint: EndpointOptions): SignedUrlCache {
  let cache = sharedCaches.get(endpoint.endpoint)
  if (cache === undefined) {
    cache = new SignedUrlCache(endpoint)
    sharedCaches.set(endpoint.endpoint, cache)
  }
  return cache
}

export interface ResolvedPresign extends PresignContextValue {
  /** The cache is the provider's, which keeps its own endpoint options. */
  fromProvider: boolean
}

/** The endpoint options and cache a component should use, from its props and its provider. */
export function usePresign(own: EndpointProps): ResolvedPresign {
  const context = useContext(PresignContext)
  const endpoint = mergeEndpoint(own, context?.endpoint)
  // A component that names its own endpoint options talks to that endpoint its own way.
  const overrides = ENDPOINT_FIELDS.some((field) => own[field] !== undefined && own[field] !== context?.endpoint[field])
  if (context !== null && !overrides) return { endpoint, cache: context.cache, fromProvider: true }
  return { endpoint, cache: sharedCache(endpoint), fromProvider: false }
}
