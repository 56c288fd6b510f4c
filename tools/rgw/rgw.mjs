// A throwaway single-node Ceph RADOS Gateway (a real S3 implementation) on
// 127.0.0.1, for end-to-end tests and benchmarks. Plain ESM, run directly by Node.
//
//   import { startRgw } from './rgw.mjs'
//   const rgw = await startRgw()   // ~3 s
//   ... rgw.endpoint, rgw.accessKeyId, rgw.secretAccessKey, rgw.bucket ...
//   await rgw.emptyBucket()        // between tests: memstore keeps everything in RAM
//   await rgw.stop()
//
// CLI: `node tools/rgw/rgw.mjs [--bucket NAME] [--memstore-bytes N] [--cors-origin O]...`
// starts one, prints its connection info as JSON on stdout, stops it on SIGINT/SIGTERM.
//
// Needs the Debian packages ceph-mon, ceph-osd, radosgw and ceph-common (Ceph 16).

import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { renderCephConf } from './ceph-conf.mjs'
import {
  DAEMONS, daemonPids, freePorts, isAlive, isOurs, killNowSync, pidsGone, processesOf, readPidFile, run, signal,
  sleep, terminate, withLog,
} from './ceph-processes.mjs'

// The SDK prints a Node-version notice on Node 20. It checks for exactly "true"
// ("1" does not work), and the variable must be set before the SDK
// loads, which is why the SDK is only ever imported dynamically below.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const REGION = 'us-east-1'
const RUN_DIR_PREFIX = 'rgw-'

/** Clusters started by this process and not stopped yet, for the exit hooks. */
const live = new Set()

/**
 * Start a fresh single-node Ceph cluster with a RADOS Gateway on 127.0.0.1, an S3
 * user with random keys and one bucket with CORS rules. Retries once (with fresh
 * ports and a fresh directory) if the first attempt fails.
 *
 * @param {object} [options]
 * @param {number} [options.memstoreBytes] RAM cap of the in-memory OSD (default 6 GiB)
 * @param {(msg: string) => void} [options.log] progress messages (default: silent)
 * @param {string} [options.bucket] bucket to create (default 'test-bucket')
 * @param {string[]} [options.corsOrigins] CORS AllowedOrigins (default ['*'])
 * @returns {Promise<{endpoint: string, region: string, accessKeyId: string,
 *   secretAccessKey: string, bucket: string, cephConf: string,
 *   emptyBucket: () => Promise<void>, stop: () => Promise<void>}>}
 *   `cephConf` is the cluster's ceph.conf path (lets `emptyBucket()` run the
 *   garbage collector); `emptyBucket()` is `emptyBucket(this)`; `stop()` is
 *   idempotent and waits until the daemons are gone.
 */
export async function startRgw(options = {}) {
  const opts = {
    memstoreBytes: 6 * 1024 ** 3,
    log: () => {},
    bucket: 'test-bucket',
    corsOrigins: ['*'],
    ...options,
  }
  if (!(Number.isSafeInteger(opts.memstoreBytes) && opts.memstoreBytes > 0)) {
    throw new TypeError(`memstoreBytes must be a positive integer, got ${options.memstoreBytes}`)
  }
  installExitHooks()
  reapOrphans(opts.log)
  try {
    return await startOnce(opts)
  } catch (first) {
    opts.log(`start failed, retrying once with fresh ports: ${first.message}`)
    try {
      return await startOnce(opts)
    } catch (second) {
      throw new Error(`Ceph RGW did not start (2 attempts).\nFirst attempt: ${first.message}\n\nSecond attempt: ${second.message}`)
    }
  }
}

/**
 * Delete every object of the bucket, abort its multipart uploads, then run the
 * RGW garbage collector so the memstore OSD gets the RAM back (RGW frees deleted
 * data only through GC, by default ~2 h later). Pass the object returned by
 * startRgw(), or the JSON printed by the CLI; without `cephConf` GC is skipped.
 *
 * @param {{endpoint: string, region: string, accessKeyId: string,
 *   secretAccessKey: string, bucket: string, cephConf?: string}} conn
 */
export async function emptyBucket(conn) {
  const { ListObjectsV2Command, DeleteObjectsCommand, ListMultipartUploadsCommand, AbortMultipartUploadCommand } =
    await import('@aws-sdk/client-s3')
  const s3 = await s3Client(conn)
  const Bucket = conn.bucket
  try {
    let ContinuationToken
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken }))
      const Objects = (page.Contents ?? []).map(({ Key }) => ({ Key }))
      if (Objects.length) await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }))
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (ContinuationToken)
    let KeyMarker, UploadIdMarker
    do {
      const page = await s3.send(new ListMultipartUploadsCommand({ Bucket, KeyMarker, UploadIdMarker }))
      for (const { Key, UploadId } of page.Uploads ?? []) {
        await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
      }
      ;[KeyMarker, UploadIdMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextUploadIdMarker] : []
    } while (KeyMarker)
  } finally {
    s3.destroy()
  }
  if (conn.cephConf) await cephTool('radosgw-admin', conn.cephConf, ['gc', 'process', '--include-all'])
}

// ---------------------------------------------------------------- start-up

/** One attempt: on any failure the half-started cluster is stopped and removed. */
async function startOnce(opts) {
  const cluster = await prepareRunDir(opts)
  live.add(cluster)
  const started = Date.now()
  try {
    await startMonitor(cluster, opts.log)
    await startOsd(cluster, opts.log)
    await startGateway(cluster, opts.log)
    const conn = await configureS3(cluster, opts)
    opts.log(`ready at ${conn.endpoint} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return conn
  } catch (err) {
    await stopCluster(cluster).catch(() => {})
    throw err
  }
}

async function prepareRunDir({ memstoreBytes }) {
  const runDir = await mkdtemp(join(tmpdir(), RUN_DIR_PREFIX))
  for (const sub of ['run', 'log', 'mon', 'osd', 'crash']) await mkdir(join(runDir, sub))
  const [monPort, rgwPort] = await freePorts(2)
  // Lets a later run recognise (and clean up) this cluster if our process dies hard.
  // Written before ceph.conf, which is what marks the directory as a cluster.
  await writeFile(join(runDir, 'owner.pid'), String(process.pid))
  const conf = join(runDir, 'ceph.conf')
  const fsid = randomUUID()
  await writeFile(conf, renderCephConf({ runDir, fsid, monPort, rgwPort, memstoreBytes }))
  return { runDir, conf, fsid, monPort, rgwPort, endpoint: `http://127.0.0.1:${rgwPort}`, pids: new Map() }
}

async function startMonitor(c, log) {
  log(`starting monitor on 127.0.0.1:${c.monPort} (${c.runDir})`)
  const monmap = join(c.runDir, 'monmap')
  // An explicit monmap: without it ceph-mon names itself "noname-a" and binds the default ports.
  await run('monmaptool', ['--create', '--fsid', c.fsid, '--addv', 'a', `[v2:127.0.0.1:${c.monPort}]`, monmap])
  await run('ceph-mon', ['-c', c.conf, '--mkfs', '-i', 'a', '--monmap', monmap])
  await startDaemon(c, 'mon.a', 'ceph-mon', ['-i', 'a'])
}

async function startOsd(c, log) {
  log('starting OSD (memstore)')
  const uuid = randomUUID()
  // Also proves the monitor answers: the ceph CLI fails after --connect-timeout otherwise.
  const id = (await cephTool('ceph', c.conf, ['osd', 'new', uuid], c)).trim()
  if (id !== '0') throw new Error(`expected OSD id 0, got ${JSON.stringify(id)}`)
  await mkdir(join(c.runDir, 'osd', 'osd.0'))
  await run('ceph-osd', ['-c', c.conf, '-i', '0', '--mkfs', '--osd-uuid', uuid])
  await startDaemon(c, 'osd.0', 'ceph-osd', ['-i', '0'])
  await waitFor('OSD up', 60_000, c, 'osd.0', async () => {
    const stat = JSON.parse(await cephTool('ceph', c.conf, ['osd', 'stat', '--format', 'json'], c))
    return stat.num_up_osds === 1
  })
}

async function startGateway(c, log) {
  log(`starting radosgw on ${c.endpoint}`)
  await startDaemon(c, 'client.rgw', 'radosgw', ['-n', 'client.rgw'])
  // RGW creates its pools first; it answers HTTP only once they are usable.
  await waitFor('radosgw answering HTTP', 90_000, c, 'client.rgw', async () => {
    const res = await fetch(c.endpoint, { signal: AbortSignal.timeout(2000) }).catch(() => null)
    await res?.body?.cancel()
    return res !== null
  })
}

/** S3 user with random keys, the bucket, its CORS rules; then checks CORS really works. */
async function configureS3(c, opts) {
  const accessKeyId = randomBytes(10).toString('hex').toUpperCase()
  const secretAccessKey = randomBytes(20).toString('base64url')
  await cephTool('radosgw-admin', c.conf, ['user', 'create', '--uid=test', '--display-name=test',
    `--access-key=${accessKeyId}`, `--secret=${secretAccessKey}`], c)
  const info = { endpoint: c.endpoint, region: REGION, accessKeyId, secretAccessKey, bucket: opts.bucket, cephConf: c.conf }
  const { CreateBucketCommand, PutBucketCorsCommand } = await import('@aws-sdk/client-s3')
  const s3 = await s3Client(info)
  try {
    await s3.send(new CreateBucketCommand({ Bucket: opts.bucket }))
    await s3.send(new PutBucketCorsCommand({
      Bucket: opts.bucket,
      CORSConfiguration: {
        CORSRules: [{
          AllowedOrigins: opts.corsOrigins,
          AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
          AllowedHeaders: ['*'],
          ExposeHeaders: ['ETag'],
          MaxAgeSeconds: 3000,
        }],
      },
    }))
  } finally {
    s3.destroy()
  }
  await verifyCors(info, opts.corsOrigins)
  return { ...info, emptyBucket: () => emptyBucket(info), stop: () => stopCluster(c) }
}

async function verifyCors({ endpoint, bucket }, corsOrigins) {
  const origin = corsOrigins.includes('*') ? 'http://127.0.0.1:1234' : corsOrigins[0]
  const res = await fetch(`${endpoint}/${bucket}/cors-probe`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT' },
    signal: AbortSignal.timeout(5000),
  })
  await res.body?.cancel()
  if (!res.headers.get('access-control-allow-origin')) {
    throw new Error(`CORS preflight from ${origin} to ${endpoint}/${bucket} got HTTP ${res.status} without ` +
      'Access-Control-Allow-Origin: the bucket CORS configuration did not take effect')
  }
}

async function s3Client({ endpoint, region, accessKeyId, secretAccessKey }) {
  const { S3Client } = await import('@aws-sdk/client-s3')
  return new S3Client({
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
    // The default signs a CRC32 of an empty body into presigned URLs, which stricter stores reject.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

// ---------------------------------------------------------------- processes

/** ceph / radosgw-admin against one cluster; on failure, appends the monitor's log. */
async function cephTool(cmd, conf, args, cluster) {
  const timeout = cmd === 'ceph' ? ['--connect-timeout', '20'] : []
  try {
    return await run(cmd, ['-c', conf, ...timeout, ...args], 60_000)
  } catch (err) {
    throw cluster ? withLog(err, cluster.runDir, 'mon.a') : err
  }
}

/**
 * Start a daemon (it forks into the background and writes a pid file), then make
 * sure it is really running. Its early stderr goes to log/NAME.stderr: a pipe
 * would be inherited by the forked daemon and never reach end-of-file.
 */
async function startDaemon(c, name, cmd, args) {
  const stderrPath = join(c.runDir, 'log', `${name}.stderr`)
  const out = await open(stderrPath, 'a')
  try {
    const child = spawn(cmd, ['-c', c.conf, ...args], { stdio: ['ignore', out.fd, out.fd] })
    const code = await new Promise((resolve) => {
      child.once('error', (err) => resolve(err.code === 'ENOENT' ? `${cmd} not installed` : err.message))
      child.once('exit', (status, sig) => resolve(sig ?? status))
    })
    if (code !== 0) throw withLog(new Error(`${cmd} (${name}) exited with ${code}`), c.runDir, name)
  } finally {
    await out.close()
  }
  // Once the pid is known, waitFor notices (and reports) a daemon that died.
  await waitFor(`${name} pid file`, 15_000, c, name, async () => {
    const pid = readPidFile(join(c.runDir, 'run', `${name}.pid`))
    if (pid) c.pids.set(name, pid)
    return pid !== undefined && isOurs(pid, c.runDir)
  })
}

/** Poll `check` until true; fails early if the daemon died, with its log tail. */
async function waitFor(what, timeoutMs, c, daemon, check) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    const pid = c.pids.get(daemon)
    if (pid && !isOurs(pid, c.runDir)) throw withLog(new Error(`${daemon} died while waiting for ${what}`), c.runDir, daemon)
    if (Date.now() > deadline) {
      throw withLog(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`), c.runDir, daemon)
    }
    await sleep(250)
  }
}

// ---------------------------------------------------------------- shutdown

/**
 * Stop one daemon after the other, gateway first, monitor last: a daemon whose
 * monitor is gone waits in shutdown to report to it (the OSD for 5 s, radosgw
 * until SIGKILL); in this order the whole stop takes ~0.4 s. Then remove the
 * run dir. Idempotent.
 */
function stopCluster(c) {
  c.stopping ??= (async () => {
    daemonPids(c)
    for (const name of DAEMONS) await terminate(c, name)
    const stragglers = processesOf(c.runDir) // e.g. a daemon stopped half-way through its start
    signal(stragglers, 'SIGKILL')
    await pidsGone(stragglers, c.runDir, 5000)
    live.delete(c)
    await rm(c.runDir, { recursive: true, force: true })
  })()
  return c.stopping
}

let hooksInstalled = false
/**
 * The daemons run in their own sessions: nothing kills them when the test
 * process dies. So kill them on exit, and on a signal that would otherwise
 * terminate us (only when nobody else handles it, then re-raise it).
 */
function installExitHooks() {
  if (hooksInstalled) return
  hooksInstalled = true
  process.on('exit', killAllNow)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      if (process.listenerCount(sig) > 1) return // someone else decides; 'exit' still cleans up
      killAllNow()
      process.removeListener(sig, onSignal)
      process.kill(process.pid, sig)
    }
    process.on(sig, onSignal)
  }
}

function killAllNow() {
  for (const cluster of live) {
    killNowSync(cluster)
    live.delete(cluster)
  }
}

/** Clean up clusters left behind by processes that were SIGKILLed (no exit hook ran). */
function reapOrphans(log) {
  let entries = []
  try {
    entries = readdirSync(tmpdir()).filter((e) => e.startsWith(RUN_DIR_PREFIX))
  } catch {}
  for (const entry of entries) {
    const runDir = join(tmpdir(), entry)
    if (!existsSync(join(runDir, 'ceph.conf'))) continue
    const owner = readPidFile(join(runDir, 'owner.pid'))
    if (owner && isAlive(owner)) continue
    log(`removing the cluster of dead process ${owner}: ${runDir}`)
    killNowSync({ runDir, pids: new Map() })
  }
}

// ---------------------------------------------------------------- CLI

async function main() {
  const { values } = parseArgs({
    options: {
      bucket: { type: 'string' },
      'memstore-bytes': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
    },
  })
  const log = (msg) => console.error(`[rgw] ${msg}`)
  let rgw
  // Registered first, so installExitHooks leaves these signals to us. A signal
  // during start-up exits at once: the 'exit' hook kills the half-started cluster.
  const shutdown = async () => {
    if (!rgw) process.exit(130)
    await rgw.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown).on('SIGTERM', shutdown)
  rgw = await startRgw({
    log,
    ...(values.bucket && { bucket: values.bucket }),
    ...(values['memstore-bytes'] && { memstoreBytes: Number(values['memstore-bytes']) }),
    ...(values['cors-origin'] && { corsOrigins: values['cors-origin'] }),
  })
  const { endpoint, region, accessKeyId, secretAccessKey, bucket, cephConf } = rgw
  console.log(JSON.stringify({ endpoint, region, accessKeyId, secretAccessKey, bucket, cephConf }, null, 2))
  log('running; stop with Ctrl-C (SIGINT) or SIGTERM')
  setInterval(() => {}, 1 << 30) // the daemons are not our children: keep the process alive
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
