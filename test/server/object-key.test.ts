import { afterAll, describe, expect, it } from 'vitest'
import type { PutObjectReply } from '../../src/protocol/messages.js'
import {
  FALLBACK_NAME,
  MAX_NAME_BYTES,
  isKeyUnderPrefix,
  normalizeKeyPrefix,
  sanitizeFileName,
  utf8ByteLength,
} from '../../src/server/object-key.js'
import { UUID, destroyClients, jsonRequest, keyFromUrl, makeHandler, query } from './helpers.js'

afterAll(destroyClients)

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system32\\cmd.exe', 'cmd.exe'],
    ['C:\\Users\\me\\Desktop\\report.pdf', 'report.pdf'],
    ['/absolute/path/', 'path'],
    ['a\u0000b.txt', 'ab.txt'],
    ['line\nbreak\ttab.txt', 'line break tab.txt'],
    ['  lots   of    space  .txt', 'lots of space .txt'],
    ['résumé 東京.txt', 'résumé 東京.txt'],
    ['Ünïcödé — ✓ 🙂.md', 'Ünïcödé — ✓ 🙂.md'],
    ['what?#%<>|*.png', 'what_______.png'],
    ['invoice\u202Egpj.exe', 'invoicegpj.exe'],
    ['trailing dots...', 'trailing dots'],
    ['.env', '.env'],
    ['..', FALLBACK_NAME],
    ['.', FALLBACK_NAME],
    ['', FALLBACK_NAME],
    ['   ', FALLBACK_NAME],
    ['\u0000\u0001', FALLBACK_NAME],
    ['../', FALLBACK_NAME],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected)
  })

  it('NFC-normalises, so decomposed and composed names give the same key', () => {
    const decomposed = 're\u0301sume\u0301.txt'
    expect(sanitizeFileName(decomposed)).toBe('r\u00e9sum\u00e9.txt')
  })

  it('drops unpaired surrogates, which would break URL encoding', () => {
    expect(sanitizeFileName('a\uD800b.txt')).toBe('ab.txt')
    expect(() => encodeURIComponent(sanitizeFileName('x\uDC00.txt'))).not.toThrow()
  })

  it('caps long names at 200 UTF-8 bytes and keeps the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(1000)}.jpeg`)
    expect(utf8ByteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES)
    expect(name).toBe(`${'a'.repeat(MAX_NAME_BYTES - 5)}.jpeg`)
  })

  it('cuts multi-byte names on character boundaries', () => {
    const name = sanitizeFileName(`${'東'.repeat(300)}.txt`)
    expect(utf8ByteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES)
    expect(name).toBe(`${'東'.repeat(65)}.txt`)
    const emoji = sanitizeFileName(`${'👩‍👩‍👧'.repeat(50)}.png`)
    expect(emoji).toMatch(/^(👩‍👩‍👧)+\.png$/u)
  })

  it('does not treat a long dotted tail as an extension', () => {
    const name = sanitizeFileName(`archive.${'x'.repeat(500)}`)
    expect(utf8ByteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES)
    expect(name.startsWith('archive.')).toBe(true)
  })
})

describe('normalizeKeyPrefix', () => {
  it('appends a slash so "users/4" never covers "users/42/…"', () => {
    expect(normalizeKeyPrefix('users/4', 'keyPrefix', false)).toBe('users/4/')
    expect(isKeyUnderPrefix('users/42/x/file', 'users/4/')).toBe(false)
  })

  it.each(['/abs/', 'a/../b/', 'a//b/', './a/', 'bad\u0000/'])('rejects %j', (prefix) => {
    expect(() => normalizeKeyPrefix(prefix, 'keyPrefix', true)).toThrow(TypeError)
  })

  it('allows the empty prefix (the whole bucket) only when asked to, and names the option otherwise', () => {
    expect(normalizeKeyPrefix('', 'keyPrefix', true)).toBe('')
    expect(() => normalizeKeyPrefix('', 'keyPrefix', false)).toThrow(/allowWholeBucket: true/)
  })
})

describe('isKeyUnderPrefix', () => {
  it.each([
    ['uploads/id/file.txt', 'uploads/', true],
    ['uploads/', 'uploads/', false],
    ['uploadsX/id/file.txt', 'uploads/', false],
    ['uploads/../secret/file', 'uploads/', false],
    ['uploads/./file', 'uploads/', false],
    ['other/id/file', 'uploads/', false],
  ])('%j under %j → %s', (key, prefix, expected) => {
    expect(isKeyUnderPrefix(key, prefix)).toBe(expected)
  })
})

describe('keys made by the handler', () => {
  async function keyFor(name: string): Promise<string> {
    const response = await makeHandler()(jsonRequest({ operation: 'putObject', file: { name, size: 1, type: 'text/plain' } }))
    expect(response.status).toBe(200)
    const reply = (await response.json()) as PutObjectReply
    expect(keyFromUrl(reply.url)).toBe(reply.key)
    return reply.key
  }

  it('are prefix + uuid + sanitised name', async () => {
    expect(await keyFor('..\\..\\etc\\passwd')).toMatch(new RegExp(`^uploads/${UUID.source}/passwd$`))
    expect(await keyFor('tab\tand\u0001control.txt')).toMatch(new RegExp(`^uploads/${UUID.source}/tab andcontrol\\.txt$`))
    expect(await keyFor('résumé 東京.txt')).toMatch(new RegExp(`^uploads/${UUID.source}/résumé 東京\\.txt$`))
  })

  it('stay within limits for a 1000-character name', async () => {
    const key = await keyFor(`${'n'.repeat(1000)}.txt`)
    expect(key).toMatch(new RegExp(`^uploads/${UUID.source}/n+\\.txt$`))
    expect(utf8ByteLength(key.split('/').pop() ?? '')).toBeLessThanOrEqual(MAX_NAME_BYTES)
  })

  it('encode non-ASCII names in the URL path, readable once decoded', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 'putObject', file: { name: '東京.txt', size: 1, type: 'text/plain' } }))
    const reply = (await response.json()) as PutObjectReply
    expect(new URL(reply.url).pathname).toContain('%E6%9D%B1%E4%BA%AC.txt')
    expect(query(reply.url).get('X-Amz-Signature')).toBeTruthy()
  })

  it.each([
    ['../../etc/passwd', '"/"'],
    ['nul\u0000byte.txt', 'NUL'],
    ['a\uD800b.txt', 'not valid Unicode'],
  ])('refuse %j, which no browser sends, with INVALID_FILE_NAME', async (name, message) => {
    const response = await makeHandler()(jsonRequest({ operation: 'putObject', file: { name, size: 1, type: 'text/plain' } }))
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as { error: { code: string; message: string } }
    expect(error).toEqual({ code: 'INVALID_FILE_NAME', message: expect.stringContaining(message) })
  })

  it('refuse absurdly long names with INVALID_FILE_NAME', async () => {
    const response = await makeHandler()(jsonRequest({ operation: 'putObject', file: { name: 'x'.repeat(5000), size: 1, type: 'text/plain' } }))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_FILE_NAME')
  })
})
