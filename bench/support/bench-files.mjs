// Test files on disk, random bytes (so a misplaced byte range is caught), each
// case in a directory of its own. Disk-backed Files are what a picker gives.
import { randomBytes } from 'node:crypto'
import { mkdir, open, writeFile } from 'node:fs/promises'
import path from 'node:path'

const CHUNK = 8 * 1024 * 1024

/** [{ path, size }] for one file of `size` random bytes. */
export async function bigFile(dir, name, size) {
  const where = path.join(dir, name.replace(/\W/g, '_'))
  await mkdir(where, { recursive: true })
  const file = path.join(where, name)
  const handle = await open(file, 'w')
  try {
    const chunk = randomBytes(Math.min(CHUNK, size))
    for (let written = 0; written < size; written += chunk.length) {
      await handle.write(chunk, 0, Math.min(chunk.length, size - written))
    }
  } finally {
    await handle.close()
  }
  return [{ path: file, size }]
}

/** `count` files of `size` random bytes named `<prefix>-00001.bin`… */
export async function smallFiles(dir, prefix, count, size) {
  const where = path.join(dir, prefix)
  await mkdir(where, { recursive: true })
  const files = Array.from({ length: count }, (_, i) => ({ path: path.join(where, `${prefix}-${String(i + 1).padStart(5, '0')}.bin`), size }))
  const bytes = randomBytes(count * size)
  for (let i = 0; i < count; i += 200) {
    await Promise.all(files.slice(i, i + 200).map((file, j) => writeFile(file.path, bytes.subarray((i + j) * size, (i + j + 1) * size))))
  }
  return files
}
