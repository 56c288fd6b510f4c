// Process handling for the throwaway Ceph clusters of ./rgw.mjs (Linux: reads /proc).
//
// A cluster is identified by its run directory: every daemon and tool is started
// with `-c RUN_DIR/ceph.conf`, so its command line names the directory. That
// tells our processes apart from other clusters (other test runs may have their
// own at the same time) and from unrelated processes that got a recycled pid.

import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'

/** Daemon names, in the order they are stopped (gateway first, monitor last). */
export const DAEMONS = ['client.rgw', 'osd.0', 'mon.a']

const execFileP = promisify(execFile)
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Run a short command; failures carry its output. */
export async function run(cmd, args, timeoutMs = 60_000) {
  try {
    const { stdout } = await execFileP(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 })
    return stdout
  } catch (err) {
    const why = err.code === 'ENOENT' ? 'not installed (needs ceph-mon, ceph-osd, radosgw, ceph-common)'
      : err.killed ? `timed out after ${timeoutMs / 1000} s` : `exit code ${err.code}`
    const output = `${err.stderr ?? ''}${err.stdout ?? ''}`.trim()
    throw new Error(`\`${cmd} ${args.join(' ')}\`: ${why}${output ? `\n${output}` : ''}`)
  }
}

/** Append the last lines of a daemon's logs to an error: the run dir is removed after a failed start. */
export function withLog(err, runDir, daemon) {
  const tail = (file) => {
    try {
      return readFileSync(join(runDir, 'log', file), 'utf8').split('\n').filter(Boolean).slice(-30).join('\n')
    } catch {
      return ''
    }
  }
  const parts = [`${daemon}.stderr`, `${daemon}.log`].map((f) => [f, tail(f)]).filter(([, t]) => t)
  err.message += parts.map(([f, t]) => `\n--- last lines of ${f} ---\n${t}`).join('')
  return err
}

export function readPidFile(path) {
  try {
    return Number.parseInt(readFileSync(path, 'utf8'), 10) || undefined
  } catch {
    return undefined
  }
}

/** Is `pid` alive and not a zombie? (This VM's init reaps exited daemons only lazily.) */
export function isAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}

/** Is `pid` a live process of the cluster in `runDir`? */
export function isOurs(pid, runDir) {
  try {
    return isAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${runDir}/`)
  } catch {
    return false
  }
}

/** Every live process of the cluster; pid files miss a daemon that has not forked yet. */
export function processesOf(runDir) {
  let pids = []
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number)
  } catch {}
  return pids.filter((pid) => pid !== process.pid && isOurs(pid, runDir))
}

/** Pids of the daemons, from `cluster.pids` or their pid files (recorded into `cluster.pids`). */
export function daemonPids(cluster) {
  for (const name of DAEMONS) {
    const pid = cluster.pids.get(name) ?? readPidFile(join(cluster.runDir, 'run', `${name}.pid`))
    if (pid) cluster.pids.set(name, pid)
  }
  return [...cluster.pids.values()]
}

export function signal(pids, sig) {
  for (const pid of pids) {
    try {
      process.kill(pid, sig)
    } catch {}
  }
}

export async function pidsGone(pids, runDir, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (pids.some((pid) => isOurs(pid, runDir))) {
    if (Date.now() > deadline) return false
    await sleep(100)
  }
  return true
}

/** SIGTERM, SIGKILL after 5 s, wait until the process is gone. */
export async function terminate(cluster, name) {
  const pid = cluster.pids.get(name)
  if (!pid) return
  signal([pid], 'SIGTERM')
  if (await pidsGone([pid], cluster.runDir, 5000)) return
  signal([pid], 'SIGKILL')
  if (!(await pidsGone([pid], cluster.runDir, 10_000))) throw new Error(`Ceph daemon ${name} (pid ${pid}) did not exit`)
}

/** For exit hooks, which cannot wait: SIGKILL everything of the cluster, a few sweeps apart, remove the dir. */
export function killNowSync(cluster) {
  for (let sweep = 0; sweep < 3; sweep++) {
    const pids = [...new Set([...daemonPids(cluster), ...processesOf(cluster.runDir)])]
      .filter((pid) => isOurs(pid, cluster.runDir))
    if (!pids.length) break
    signal(pids, 'SIGKILL')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50) // a synchronous sleep
  }
  try {
    rmSync(cluster.runDir, { recursive: true, force: true, maxRetries: 3 })
  } catch {}
}

/** Free ports on 127.0.0.1, all held open at once so none is handed out twice. */
export async function freePorts(count) {
  const servers = []
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
    }
    return servers.map((s) => s.address().port)
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  }
}
