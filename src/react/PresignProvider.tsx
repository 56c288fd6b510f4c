import { useEffect, useState, type ReactNode } from 'react'
import type { EndpointOptions } from '../core/endpoint/endpoint-client.js'
import { SignedUrlCache } from '../core/read/signed-url-cache.js'
import { PresignContext } from './presign-context.js'

export interface PresignProviderProps extends EndpointOptions {
  /** Keys asked for within this many ms are signed in one request. Default 10. */
  batchWindowMs?: number
  /** Set to the server's `maxKeysPerRequest` if you lowered it. Default 500. */
  maxKeysPerRequest?: number
  children?: ReactNode
}

/**
 * Gives `<SignedImage>`, `useSignedUrl` and `<S3Uploader>` below it one signing
 * endpoint (with its headers and credentials) and one signed-URL cache.
 */
export function PresignProvider({ children, batchWindowMs, maxKeysPerRequest, ...endpoint }: PresignProviderProps) {
  const [cache] = useState(() => new SignedUrlCache({ ...endpoint, batchWindowMs, maxKeysPerRequest }))
  // Headers may be a new object every render (a fresh token): the next request uses the latest.
  useEffect(() => {
    cache.setEndpoint(endpoint)
  })
  return <PresignContext.Provider value={{ endpoint, cache }}>{children}</PresignContext.Provider>
}
