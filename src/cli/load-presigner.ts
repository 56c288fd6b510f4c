/**
 * The signing half of the CLI, loaded only when a URL is to be signed: it
 * needs the AWS SDK, an optional peer dependency, and `--help` or a usage
 * mistake must not depend on it. When the SDK is missing, Node's
 * ERR_MODULE_NOT_FOUND (a stack trace naming one package) becomes a
 * MissingSdkError naming every package to install.
 */

type SdkPackage = '@aws-sdk/client-s3' | '@aws-sdk/s3-request-presigner'

const SDK_PACKAGES = {
  '@aws-sdk/client-s3': () => import('@aws-sdk/client-s3'),
  '@aws-sdk/s3-request-presigner': () => import('@aws-sdk/s3-request-presigner'),
} satisfies Record<SdkPackage, () => Promise<unknown>>

export class MissingSdkError extends Error {
  override name = 'MissingSdkError'
  readonly packages: readonly string[]

  constructor(packages: readonly string[], options: ErrorOptions) {
    super(`presign needs the AWS SDK, not installed here: npm install ${packages.join(' ')}`, options)
    this.packages = packages
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}

export async function loadPresigner(): Promise<typeof import('./presign.js')> {
  try {
    return await import('./presign.js')
  } catch (error) {
    if (!isModuleNotFound(error)) throw error
    const missing: string[] = []
    for (const [name, load] of Object.entries(SDK_PACKAGES)) {
      await load().catch((failure: unknown) => {
        if (!isModuleNotFound(failure)) throw failure
        missing.push(name)
      })
    }
    if (missing.length === 0) throw error
    throw new MissingSdkError(missing, { cause: error })
  }
}
