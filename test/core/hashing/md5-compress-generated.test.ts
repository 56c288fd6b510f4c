// The unrolled MD5 block function is generated: the committed file must be the generator's output.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))

it('src/core/hashing/md5-compress.ts equals the output of tools/md5-compress.mjs', () => {
  const generated = execFileSync(process.execPath, ['tools/md5-compress.mjs'], { cwd: root, encoding: 'utf8' })
  expect(readFileSync(`${root}src/core/hashing/md5-compress.ts`, 'utf8')).toBe(generated)
})
