import { inspect } from 'node:util'
import { MissingSdkError, loadPresigner } from './load-presigner.js'
import { parsePresignCommand, UsageError, USAGE, type Environment } from './presign-command.js'

/** `npx react-presigned-s3 presign s3://bucket/key`: prints one presigned URL on stdout. */

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** One line: a CLI user needs the reason, not Node's stack trace (`--debug` prints that). */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.trim().replace(/\s*\n\s*/g, ' ')
}

/** Returns the exit code: 0, 1 when signing failed, 2 for a usage mistake or a missing SDK. */
export async function main(argv: readonly string[], env: Environment, io: CliIo): Promise<number> {
  const debug = argv.includes('--debug')
  const explain = (error: unknown) => (debug ? `\n${inspect(error)}\n` : '')
  try {
    const command = parsePresignCommand(argv, env)
    if (command === undefined) {
      io.stdout(USAGE)
      return 0
    }
    const { presignFromCommand } = await loadPresigner()
    io.stdout(`${await presignFromCommand(command, env)}\n`)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`react-presigned-s3: ${error.message}\n\n${USAGE}`)
      return 2
    }
    if (error instanceof MissingSdkError) {
      io.stderr(`react-presigned-s3: ${error.message}\n${explain(error)}`)
      return 2
    }
    io.stderr(`react-presigned-s3: could not sign: ${oneLine(error)}\n${explain(error)}`)
    return 1
  }
}
