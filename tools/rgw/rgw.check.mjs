// Smoke check of ./rgw.mjs against a real Ceph RGW:
//   node tools/rgw/rgw.check.mjs             one cluster: presigned PUT, GET, empty, stop
//   node tools/rgw/rgw.check.mjs --parallel  two clusters at once (distinct ports)
// Exits non-zero on any failure.

import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { emptyBucket, startRgw } from './rgw.mjs'

const { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3')
const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner')

function assert(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`)
}

function client({ endpoint, region, accessKeyId, secretAccessKey }) {
  return new S3Client({
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

/** Presigned PUT (signed Content-Type and Content-Length), read back with the SDK. */
async function exercise(rgw, label) {
  const s3 = client(rgw)
  try {
    const Key = `check/${label}.txt`
    const body = `hello from ${label} ${new Date().toISOString()}`
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: rgw.bucket, Key, ContentType: 'text/plain', ContentLength: Buffer.byteLength(body) }),
      { expiresIn: 300, signableHeaders: new Set(['content-type']) },
    )
    const put = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body })
    assert(put.status === 200, `${label}: presigned PUT returned ${put.status}: ${await put.text()}`)
    const wrong = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: `${body}!` })
    const wrongText = await wrong.text()
    assert(wrong.status >= 400 && wrong.status < 500, `${label}: PUT with another length returned ${wrong.status}`)
    const got = await s3.send(new GetObjectCommand({ Bucket: rgw.bucket, Key }))
    const text = await got.Body.transformToString()
    assert(text === body, `${label}: GetObject returned ${JSON.stringify(text)}`)
    assert(got.ContentType === 'text/plain', `${label}: Content-Type ${got.ContentType}`)
    console.log(`${label}: presigned PUT 200, wrong length ${wrong.status} (${/<Code>(\w+)/.exec(wrongText)?.[1]}), GetObject ok`)

    await emptyBucket(rgw)
    const left = await s3.send(new ListObjectsV2Command({ Bucket: rgw.bucket }))
    assert(!left.KeyCount, `${label}: ${left.KeyCount} objects left after emptyBucket`)
  } finally {
    s3.destroy()
  }
}

/** Our daemons are the ones whose command line names our run dir (others may run their own). */
async function assertNoDaemons(runDirs) {
  // Like `pgrep -af 'ceph-|radosgw'`, minus zombies: this VM's init reaps exited daemons only lazily.
  const list = () =>
    execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => /ceph-|radosgw/.test(line) && !/^\s*\d+\s+Z/.test(line) && !line.includes('rgw.check.mjs'))
  const ours = () => list().filter((line) => runDirs.some((dir) => line.includes(dir)))
  for (let i = 0; i < 20 && ours().length; i++) await new Promise((resolve) => setTimeout(resolve, 100))
  assert(ours().length === 0, `daemons left running:\n${ours().join('\n')}`)
  for (const dir of runDirs) assert(!existsSync(dir), `run dir ${dir} not removed`)
  const others = list()
  console.log(others.length ? `ceph processes of others still running:\n${others.join('\n')}` : 'no ceph process left (pgrep)')
}

async function timedStart(label) {
  const started = performance.now()
  const rgw = await startRgw({ log: (msg) => console.log(`[${label}] ${msg}`) })
  console.log(`${label}: started in ${((performance.now() - started) / 1000).toFixed(1)} s at ${rgw.endpoint}`)
  return rgw
}

async function single() {
  const rgw = await timedStart('rgw')
  const runDir = dirname(rgw.cephConf)
  try {
    await exercise(rgw, 'rgw')
    await rgw.emptyBucket() // the method form, on an already empty bucket
  } finally {
    const stopping = performance.now()
    await rgw.stop()
    await rgw.stop() // idempotent
    console.log(`rgw: stopped in ${((performance.now() - stopping) / 1000).toFixed(1)} s`)
  }
  await assertNoDaemons([runDir])
}

async function parallel() {
  const started = performance.now()
  const clusters = await Promise.all([timedStart('rgw-a'), timedStart('rgw-b')])
  console.log(`both started in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const runDirs = clusters.map((rgw) => dirname(rgw.cephConf))
  try {
    assert(clusters[0].endpoint !== clusters[1].endpoint, 'both clusters got the same endpoint')
    await Promise.all(clusters.map((rgw, i) => exercise(rgw, `rgw-${'ab'[i]}`)))
  } finally {
    await Promise.all(clusters.map((rgw) => rgw.stop()))
  }
  await assertNoDaemons(runDirs)
}

await (process.argv.includes('--parallel') ? parallel() : single())
console.log('OK')
