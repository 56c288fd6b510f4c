import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const RUNTIMES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface TestServer {
  /** `http://127.0.0.1:PORT/api/s3` */
  endpoint: string
  stop(): Promise<void>
}

export interface ServerCommand {
  command: string
  args: string[]
  env?: Record<string, string>
}

/**
 * Starts one of apps/*.mjs (or any command that prints `{"port":N}`, see
 * apps/announce.mjs) in test/runtimes, and stops it by closing its stdin,
 * then by its pid if it lingers.
 */
export function startServer({ command, args, env = {} }: ServerCommand, timeoutMs = 60_000): Promise<TestServer> {
  const child = spawn(command, args, {
    cwd: RUNTIMES_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DENO_NO_UPDATE_CHECK: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    child.stdin.end()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL')
      reject(new Error(`${command} ${args.join(' ')}: ${why}\n${output}`))
    }
    const timer = setTimeout(() => fail(`no port announced within ${timeoutMs} ms`), timeoutMs)
    const earlyExit = (code: number | null) => fail(`exited with ${code} before listening`)
    child.once('exit', earlyExit)
    createInterface({ input: child.stdout }).on('line', (line) => {
      const port = line.startsWith('{"port"') ? (JSON.parse(line) as { port: number }).port : undefined
      if (port === undefined) return void (output += `${line}\n`)
      clearTimeout(timer)
      child.off('exit', earlyExit)
      resolve({ endpoint: `http://127.0.0.1:${port}/api/s3`, stop })
    })
  })
}
