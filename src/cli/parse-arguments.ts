/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export type Environment = Readonly<Record<string, string | undefined>>

/** Runs a `node:util` `parseArgs` call, its complaints (an unknown flag, a missing value) turned into a UsageError. */
export function asUsageErrors<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}
