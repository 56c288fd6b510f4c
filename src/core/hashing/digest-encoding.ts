// Digest encodings, apart from the MD5 code itself: the transfer needs these on
// the page, while the MD5 code loads only when a hash runs (md5-hasher.ts).

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export function md5HexOfBase64(base64: string): string {
  return toHex(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)))
}
