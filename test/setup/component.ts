import '@testing-library/jest-dom/vitest'
import { Blob as NodeBlob, File as NodeFile } from 'node:buffer'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// msw with jsdom loses jsdom Blob bodies (a PUT arrives as "undefined"); Node's own classes survive.
globalThis.Blob = NodeBlob as unknown as typeof Blob
globalThis.File = NodeFile as unknown as typeof File

afterEach(() => cleanup())
