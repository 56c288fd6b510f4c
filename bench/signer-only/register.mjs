// `node --import ./bench/signer-only/register.mjs`: resolves @aws-sdk/client-s3
// and @aws-sdk/s3-request-presigner to the signer-only stand-ins beside this
// file, so the unbundled package can be timed without the SDK (bench/server-cold-start.mjs).
import { register } from 'node:module'

register('./resolve-hook.mjs', import.meta.url)
