import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** test/package: the consumer project (its own package.json and node_modules). */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ROOT = path.resolve(PACKAGE_DIR, '../..')
/** The packed library, as `npm pack` writes it; install.ts makes it before the tests run. */
export const TARBALL = path.join(PACKAGE_DIR, '.packed/react-presigned-s3.tgz')
/** The scratch folder the README's code blocks are written to. */
export const README_DIR = path.join(PACKAGE_DIR, '.readme')
/** The repository's own TypeScript (root devDependencies), not the one attw brings along. */
export const TSC = path.join(ROOT, 'node_modules/.bin/tsc')
