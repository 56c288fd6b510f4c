import type { ReadSigner } from './read-options.js'

/**
 * CloudFront signed URLs for reads, behind the same `getObjects` protocol: for apps
 * that serve private objects through a CDN (a shared edge cache, HTTP/2 to the
 * browser). Pass `getObjectSigner: cloudFrontReadSigner({...})` to the handler;
 * `authorize` still decides per key, and uploads still go to S3. Uses
 * `@aws-sdk/cloudfront-signer` (an optional peer dependency), loaded on first use
 * so apps without it never load it.
 */

export interface CloudFrontReadSignerOptions {
  /** The distribution (and path) the bucket is served under, e.g. `https://d111111abcdef8.cloudfront.net`. */
  url: string
  /** The public key's ID in the distribution's key group. */
  keyPairId: string
  /** The matching RSA private key, PEM. Keep it on the server. */
  privateKey: string | Buffer
  passphrase?: string
  /** Default `SHA1` (CloudFront's default); `SHA256` where FIPS 140-3 is required. */
  algorithm?: 'SHA1' | 'SHA256'
}

type CloudFrontSigner = typeof import('@aws-sdk/cloudfront-signer')

const SIGNER_MODULE: string = '@aws-sdk/cloudfront-signer'
const MISSING = 'cloudFrontReadSigner needs @aws-sdk/cloudfront-signer: npm install @aws-sdk/cloudfront-signer'

/** The key as a URL path, segment by segment, as S3 (and so the origin) spells it. */
function keyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/')
}

export function cloudFrontReadSigner(options: CloudFrontReadSignerOptions): ReadSigner {
  const { url, keyPairId, privateKey, passphrase, algorithm } = options
  if (typeof url !== 'string' || !/^https:\/\/[^/]+/i.test(url)) {
    throw new TypeError('cloudFrontReadSigner: url must be the https:// address of the distribution')
  }
  if (typeof keyPairId !== 'string' || keyPairId === '') throw new TypeError('cloudFrontReadSigner: keyPairId is required')
  if (privateKey === undefined || privateKey.length === 0) throw new TypeError('cloudFrontReadSigner: privateKey is required')
  const base = url.replace(/\/+$/, '')
  let signer: Promise<CloudFrontSigner> | undefined
  return async ({ key, expiresAt, responseContentDisposition }) => {
    // A specifier bundlers leave alone: an app without the optional peer must still build.
    signer ??= (import(/* webpackIgnore: true */ /* @vite-ignore */ SIGNER_MODULE) as Promise<CloudFrontSigner>).catch((cause: unknown) => {
      signer = undefined
      throw new Error(MISSING, { cause })
    })
    const { getSignedUrl } = await signer
    const object = new URL(`${base}/${keyPath(key)}`)
    // Reaches S3 only if the cache policy forwards query strings; Cache-Control is the policy's own business.
    if (responseContentDisposition !== undefined) object.searchParams.set('response-content-disposition', responseContentDisposition)
    return getSignedUrl({
      url: object.toString(),
      keyPairId,
      privateKey,
      dateLessThan: expiresAt,
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(algorithm === undefined ? {} : { algorithm }),
    })
  }
}
