import { parsePresignCommand, UsageError, USAGE, type Environment } from './presign-command.js'
import { presignFromCommand } from './presign.js'

/** `npx react-presigned-s3 presign s3://bucket/key`: prints one presigned URL on stdout. */

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** Returns the exit code: 0, 1 when signing failed, 2 for a usage mistake. */
export async function main(argv: readonly string[], env: Environment, io: CliIo): Promise<number> {
  try {
    const command = parsePresignCommand(argv, env)
    if (command === undefined) {
      io.stdout(USAGE)
      return 0
    }
    io.stdout(`${await presignFromCommand(command, env)}\n`)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`react-presigned-s3: ${error.message}\n\n${USAGE}`)
      return 2
    }
    io.stderr(`react-presigned-s3: could not sign: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
