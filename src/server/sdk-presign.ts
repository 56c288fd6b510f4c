import type { $Command, S3Client, S3ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'

/**
 * getSignedUrl on one command of the host's S3Client: the path for buckets the
 * fast signer does not handle (see fast-presigner.ts).
 */

export interface SdkPresignOptions {
  expiresIn: number
  signingDate: Date
  /**
   * The presigner moves unsigned headers into the query string, where the store does not
   * compare them with what the browser sends: a header is only enforced when signed.
   */
  signableHeaders?: Set<string>
  /** `x-amz-*` headers to keep as headers; the presigner moves the others into the query. */
  unhoistableHeaders?: Set<string>
}

const CHECKSUM_HEADER = /^x-amz-(?:checksum-|sdk-checksum-algorithm$)/i

function hasHeaders(request: unknown): request is { headers: Record<string, string> } {
  return typeof request === 'object' && request !== null && 'headers' in request &&
    typeof request.headers === 'object' && request.headers !== null
}

/**
 * An S3Client left at its default `requestChecksumCalculation: 'WHEN_SUPPORTED'` signs
 * `x-amz-checksum-crc32=AAAAAA==` (the CRC of an empty body) into PutObject/UploadPart URLs,
 * and strict stores then refuse every real body. Dropping those headers after the checksum
 * middleware (step build) and before the presigner (finalizeRequest) makes URLs right
 * whatever client the host passes in; `createS3Client` avoids the headers in the first place.
 * (It also drops the `x-amz-checksum-mode` such a client adds to GetObject, which the fast
 * signer does not send either.)
 */
function dropChecksumHeaders(keep: ReadonlySet<string>) {
  return <Args extends { request: unknown }, Result>(next: (args: Args) => Promise<Result>) =>
    async (args: Args): Promise<Result> => {
      if (hasHeaders(args.request)) {
        for (const name of Object.keys(args.request.headers)) {
          // Our own signed checksum headers (x-amz-checksum-sha256 with the browser's digest) stay.
          if (CHECKSUM_HEADER.test(name) && !keep.has(name.toLowerCase())) delete args.request.headers[name]
        }
      }
      return next(args)
    }
}

const DROP_CHECKSUMS = { step: 'build', priority: 'low', name: 'presignedS3DropChecksumHeaders', override: true } as const

export function presignCommand<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
  s3: S3Client,
  command: $Command<Input, Output, S3ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes>,
  options: SdkPresignOptions,
): Promise<string> {
  command.middlewareStack.add(dropChecksumHeaders(options.signableHeaders ?? new Set()), DROP_CHECKSUMS)
  return getSignedUrl(s3, command, options)
}
