import { PresignedS3Error } from './errors.js'

/**
 * The upload code (the controller with Uppy, or the uploader plugin), loaded with the first file,
 * did not arrive. Not a static on PresignedS3Error: `<SignedImage>` ships that class and never this.
 */
export function uploaderNotLoaded(cause: unknown): PresignedS3Error {
  return new PresignedS3Error('UPLOADER_NOT_LOADED', 'The uploader could not load its code. Check the connection, then retry.', { cause })
}
