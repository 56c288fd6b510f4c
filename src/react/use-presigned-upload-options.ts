import { useContext } from 'react'
import { mergeEndpoint, PresignContext, type EndpointProps } from './presign-context.js'
import type { UseS3UploadOptions } from './use-s3-upload.js'

/** Upload options with the endpoint, headers and credentials filled in from a `<PresignProvider>`. */
export function usePresignedUploadOptions<T extends EndpointProps & { companionEndpoint?: string }>(
  options: T,
): UseS3UploadOptions & T {
  const context = useContext(PresignContext)
  // Companion signs by itself: no endpoint of ours is needed.
  if (options.companionEndpoint !== undefined && options.endpoint === undefined && context === null) return options
  return { ...options, ...mergeEndpoint(options, context?.endpoint) }
}
