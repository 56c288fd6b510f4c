// A hypothetical signer-only `@aws-sdk/client-s3`, for bench/server-cold-start.mjs
// only: what the handler would need if it signed without the SDK. It gives
// the handler's S3Client its two uses on the fast path: static credentials
// (`config.credentials()`), and the probe URL from which fast-presigner.ts
// takes the endpoint (client-s3-request-presigner.mjs). Everything the SDK's
// endpoint rule set and credential chain do besides (profiles, SSO, instance
// roles, FIPS/dual-stack/accelerate endpoints, access points) is missing here.
export class S3Client {
  constructor({ region, endpoint, credentials, forcePathStyle = false }) {
    if (credentials === undefined || typeof credentials === 'function') {
      throw new TypeError('the signer-only client takes static credentials: it has no default chain')
    }
    this.config = { region, endpoint, forcePathStyle, credentials: async () => credentials }
  }

  send() {
    throw new Error('the signer-only client signs; it sends no request')
  }
}

class Command {
  constructor(input) {
    this.input = input
    this.middlewareStack = { add() {} }
  }
}

export class PutObjectCommand extends Command {}
export class CreateMultipartUploadCommand extends Command {}
export class UploadPartCommand extends Command {}
export class ListPartsCommand extends Command {}
export class CompleteMultipartUploadCommand extends Command {}
export class AbortMultipartUploadCommand extends Command {}
export class GetObjectCommand extends Command {}
