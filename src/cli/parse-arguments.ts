import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export type Environment = Readonly<Record<string, string | undefined>>

/** `node:util`'s strict parser, its complaints turned into a UsageError; `help: true` when `--help` was given. */
export function parseArguments<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}
