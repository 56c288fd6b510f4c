import { toHex } from '../hashing/digest-encoding.js'
import { Md5 } from '../hashing/md5.js'

/**
 * The ETag S3 gives an object completed from these parts: the MD5 of the parts'
 * binary MD5s, then `-<part count>`. With Content-MD5 signed into each part URL
 * the part ETags are the MD5s this browser computed, so the server's HeadObject
 * can hold the object to them (`confirmUpload`). `undefined` when a part ETag is
 * not an MD5 (SSE-KMS buckets, some stores).
 */
export function multipartEtag(partEtags: readonly string[]): string | undefined {
  const md5 = new Md5()
  for (const etag of partEtags) {
    const hex = /^"?([0-9a-f]{32})"?$/i.exec(etag)?.[1]
    if (hex === undefined) return undefined
    md5.update(Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16)))
  }
  return partEtags.length === 0 ? undefined : `"${toHex(md5.digest())}-${partEtags.length}"`
}
