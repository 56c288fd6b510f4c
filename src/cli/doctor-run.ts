import { DOCTOR_USAGE, parseDoctorCommand, type DoctorCommand } from './doctor-command.js'
import { PROBES } from './doctor-probes/index.js'
import { createProbeRun, sdkErrorName, type DoctorSdk, type Probe } from './doctor-probes/context.js'
import { exitCodeOf, formatReport, type ProbeResult } from './doctor-report.js'
import { UsageError, type Environment } from './presign-command.js'
import type { CliIo } from './run.js'

/** `npx react-presigned-s3 doctor s3://bucket`: probes the store and prints what to fix. */

/** The SDK is an optional peer dependency: loaded here, so a missing one is a clear exit 2. */
export async function loadSdk(): Promise<DoctorSdk | undefined> {
  try {
    const [s3, presigner] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')])
    return { s3, presigner }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return undefined
    throw error
  }
}

export interface DoctorDependencies {
  loadSdk: () => Promise<DoctorSdk | undefined>
  probes: readonly Probe[]
  fetch: typeof fetch
}

const DEFAULTS: DoctorDependencies = { loadSdk, probes: PROBES, fetch: (...args) => fetch(...args) }

function createClient(sdk: DoctorSdk, command: DoctorCommand, env: Environment) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env
  return new sdk.s3.S3Client({
    region: command.region,
    forcePathStyle: command.forcePathStyle,
    ...(command.endpoint === undefined ? {} : { endpoint: command.endpoint }),
    // Without keys in `env`, the SDK's own chain (profiles, SSO, instance roles) applies.
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, sessionToken } } : {}),
    // As createS3Client: no empty-body checksums signed into the probe URLs.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

/** A probe that throws reports that as a problem of its own, so one failure never hides the rest. */
async function runProbe(probe: Probe, context: Parameters<Probe>[0]): Promise<ProbeResult[]> {
  try {
    return await probe(context)
  } catch (error) {
    const name = probe.name.replace(/Probe$/, '')
    const message = error instanceof Error && !sdkErrorName(error).includes(error.message) ? `: ${error.message}` : ''
    return [{ status: 'problem', title: `Probe "${name}" failed`, detail: `${sdkErrorName(error)}${message}` }]
  }
}

/** `argv` starts after the word `doctor`. Returns the exit code. */
export async function runDoctor(argv: readonly string[], env: Environment, io: CliIo, dependencies: Partial<DoctorDependencies> = {}): Promise<number> {
  const { loadSdk: load, probes, fetch: fetchImpl } = { ...DEFAULTS, ...dependencies }
  let command: DoctorCommand | undefined
  try {
    command = parseDoctorCommand(argv, env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr(`react-presigned-s3 doctor: ${error.message}\n\n${DOCTOR_USAGE}`)
    return 2
  }
  if (command === undefined) {
    io.stdout(DOCTOR_USAGE)
    return 0
  }
  const sdk = await load()
  if (sdk === undefined) {
    io.stderr('react-presigned-s3 doctor: needs the AWS SDK: npm install @aws-sdk/client-s3 @aws-sdk/s3-request-presigner\n')
    return 2
  }
  const client = createClient(sdk, command, env)
  const run = createProbeRun({ sdk, client, bucket: command.bucket, origin: command.origin, fetch: fetchImpl })
  try {
    const results: ProbeResult[] = []
    for (const probe of probes) results.push(...(await runProbe(probe, run.context)))
    const cleanup = await run.cleanUp()
    if (!cleanup.clean) results.push({ status: 'problem', title: 'Clean-up', detail: cleanup.message, fix: 'delete those keys by hand.' })
    io.stdout(formatReport(command, results, cleanup.clean ? cleanup.message : ''))
    return exitCodeOf(results)
  } finally {
    client.destroy()
  }
}
