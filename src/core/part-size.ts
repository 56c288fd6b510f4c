const MiB = 1024 * 1024
/** S3's smallest part, except the last. */
const MIN_PART_SIZE = 5 * MiB
/** S3's most parts per upload. */
const MAX_PARTS = 10_000

/**
 * The part size a file is really cut with: the requested one, at least 5 MiB,
 * grown so that 10,000 parts hold the file. The client declares exactly this to
 * the endpoint, which signs each part's length from it: the two must agree.
 */
export function partSizeFor(fileSize: number, requested: number): number {
  const partSize = Math.max(requested, MIN_PART_SIZE)
  return Math.ceil(fileSize / partSize) > MAX_PARTS ? Math.ceil(fileSize / MAX_PARTS) : partSize
}
