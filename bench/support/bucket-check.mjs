// After each run: did every file land whole? Counts the objects in the bucket,
// matches their names to the files sent, and compares a sample of byte ranges
// with the local files. Throws on any mismatch, so a wrong run is never timed.
import { open } from 'node:fs/promises'
import path from 'node:path'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'

const SAMPLE_FILES = 3
const SAMPLE_BYTES = 64 * 1024

function client({ endpoint, region, accessKeyId, secretAccessKey }) {
  return new S3Client({
    endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

async function listAll(s3, Bucket) {
  const objects = []
  let ContinuationToken
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken }))
    objects.push(...(page.Contents ?? []))
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (ContinuationToken)
  return objects
}

async function localRange(file, start, length) {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, start)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

async function storedRange(s3, Bucket, Key, start, length) {
  const answer = await s3.send(new GetObjectCommand({ Bucket, Key, Range: `bytes=${start}-${start + length - 1}` }))
  return Buffer.from(await answer.Body.transformToByteArray())
}

/** `files`: [{ path, size }] as sent. Keys are `uploads/<id>/<name>`. */
export async function checkBucket(conn, files) {
  const s3 = client(conn)
  try {
    const objects = await listAll(s3, conn.bucket)
    if (objects.length !== files.length) throw new Error(`bucket holds ${objects.length} objects, ${files.length} were sent`)
    const byName = new Map(objects.map((object) => [path.posix.basename(object.Key), object]))
    for (const file of files) {
      const object = byName.get(path.basename(file.path))
      if (!object) throw new Error(`${path.basename(file.path)} is not in the bucket`)
      if (object.Size !== file.size) throw new Error(`${object.Key}: ${object.Size} bytes stored, ${file.size} sent`)
    }
    const sample = Array.from({ length: Math.min(SAMPLE_FILES, files.length) }, () => files[Math.floor(Math.random() * files.length)])
    for (const file of sample) {
      const length = Math.min(SAMPLE_BYTES, file.size)
      const start = Math.floor(Math.random() * (file.size - length + 1))
      const [stored, local] = await Promise.all([
        storedRange(s3, conn.bucket, byName.get(path.basename(file.path)).Key, start, length),
        localRange(file.path, start, length),
      ])
      if (!stored.equals(local)) throw new Error(`${path.basename(file.path)}: bytes ${start}+${length} differ from the file sent`)
    }
  } finally {
    s3.destroy()
  }
}
