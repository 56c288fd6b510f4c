import type { AwsS3Options } from '@uppy/aws-s3'
import type { Body, Meta, UppyFile } from '@uppy/core'
import { partSizeFor, resolveTransferLayout } from '../../protocol/index.js'

/**
 * Uppy Companion interop: with `companionEndpoint`, `@uppy/aws-s3` talks to a
 * Companion server's `/s3/*` routes instead of our signing endpoint, so teams
 * that already run Companion can adopt the widget. Companion then chooses keys
 * and enforces its own rules; the options below are the transport ones only.
 */

export interface TransportOptions {
  multipartThreshold?: number | undefined
  partSize?: number | undefined
  concurrency?: number | undefined
}

type CompanionModeOptions = Extract<AwsS3Options<Meta, Body>, { companionEndpoint: string }>

export function companionPluginOptions(companionEndpoint: string, options: TransportOptions): CompanionModeOptions {
  if (typeof companionEndpoint !== 'string' || companionEndpoint === '') {
    throw new TypeError('companionEndpoint must be the URL of an Uppy Companion server, e.g. "https://companion.example.com"')
  }
  const { multipartThreshold: threshold, partSize, concurrency } = resolveTransferLayout(options)
  return {
    // Uppy appends "/s3/…" itself; a trailing slash would make "//s3" (not reported upstream as of 2026-12).
    companionEndpoint: companionEndpoint.replace(/\/+$/, ''),
    shouldUseMultipart: (file: UppyFile<Meta, Body>) => (file.size ?? 0) > threshold,
    getChunkSize: (file: { size: number }) => partSizeFor(file.size, partSize),
    limit: concurrency,
  }
}

/** The signing endpoint is required unless Companion does the signing. */
export function requireEndpoint(endpoint: string | undefined): string {
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw new TypeError('Pass `endpoint` (your signing endpoint) or `companionEndpoint` (an Uppy Companion server).')
  }
  return endpoint
}
