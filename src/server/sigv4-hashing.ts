import type * as NodeCrypto from 'node:crypto'

/**
 * The two primitives SigV4 query signing needs: SHA-256 of the canonical
 * request, and HMAC-SHA256 with the key derived for a day, region and service.
 *
 * Web Crypto is the one API every runtime the README names has (workerd and
 * Vercel's edge runtime have nothing else), but it is asynchronous, and in Node
 * an async digest costs more than the hashing: at 50 part URLs per request,
 * node:crypto signs about twice as many URLs per CPU-second
 * (bench/signing-throughput.mjs). So node:crypto is used where the runtime has
 * it (Node, Bun, Deno), reached through `process.getBuiltinModule` rather than
 * an import that edge bundlers would have to resolve; Web Crypto elsewhere.
 * Both give the same bytes (test/server/fast-presigner.test.ts runs on each).
 */
export interface SigningHashes {
  readonly name: 'node:crypto' | 'Web Crypto'
  sha256Hex(data: string): string | Promise<string>
  /** Derives the signing key once; the returned function signs a string to sign with it, hex-encoded. */
  signer(secret: string, shortDate: string, region: string, service: string): Promise<(data: string) => string | Promise<string>>
}

const SIGNING_KEY_PARTS = (region: string, service: string) => [region, service, 'aws4_request']

function nodeHashes(crypto: typeof NodeCrypto): SigningHashes {
  const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest()
  return {
    name: 'node:crypto',
    sha256Hex: (data) => crypto.createHash('sha256').update(data).digest('hex'),
    signer: async (secret, shortDate, region, service) => {
      const key = SIGNING_KEY_PARTS(region, service).reduce(hmac, hmac(`AWS4${secret}`, shortDate))
      return (data) => crypto.createHmac('sha256', key).update(data).digest('hex')
    },
  }
}

const encoder = new TextEncoder()
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const

function toHex(buffer: ArrayBuffer): string {
  let hex = ''
  for (const byte of new Uint8Array(buffer)) hex += HEX[byte]
  return hex
}

const importKey = (raw: BufferSource) => crypto.subtle.importKey('raw', raw, HMAC_SHA256, false, ['sign'])

const webHashes: SigningHashes = {
  name: 'Web Crypto',
  sha256Hex: async (data) => toHex(await crypto.subtle.digest('SHA-256', encoder.encode(data))),
  signer: async (secret, shortDate, region, service) => {
    let raw = await crypto.subtle.sign('HMAC', await importKey(encoder.encode(`AWS4${secret}`)), encoder.encode(shortDate))
    for (const part of SIGNING_KEY_PARTS(region, service)) {
      raw = await crypto.subtle.sign('HMAC', await importKey(raw), encoder.encode(part))
    }
    const key = await importKey(raw)
    return async (data) => toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(data)))
  },
}

function builtinNodeCrypto(): typeof NodeCrypto | undefined {
  try {
    return globalThis.process?.getBuiltinModule?.('node:crypto')
  } catch {
    return undefined // a runtime that has the function but refuses the module
  }
}

const nodeCrypto = builtinNodeCrypto()
export const signingHashes: SigningHashes = nodeCrypto?.createHmac ? nodeHashes(nodeCrypto) : webHashes
