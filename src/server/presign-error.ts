import { PresignErrorCode, presignErrorStatus } from '../protocol/error-codes.js'

/**
 * The internal error that carries one of the protocol's error codes up to the
 * handler, which turns it into a JSON reply.
 */

export { PresignErrorCode }

/** A refusal with a code and a message that is safe to show to the end user. */
export class PresignRejection extends Error {
  readonly code: PresignErrorCode
  readonly status: number

  constructor(code: PresignErrorCode, message: string) {
    super(message)
    this.name = 'PresignRejection'
    this.code = code
    this.status = presignErrorStatus[code]
  }
}

export function invalidRequest(message: string): PresignRejection {
  return new PresignRejection(PresignErrorCode.INVALID_REQUEST, message)
}
