import { configure } from '@testing-library/react'
import '@testing-library/jest-dom/vitest'
import { Blob as NodeBlob, File as NodeFile } from 'node:buffer'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// msw with jsdom loses jsdom Blob bodies (a PUT arrives as "undefined"); Node's own classes survive.
globalThis.Blob = NodeBlob as unknown as typeof Blob
globalThis.File = NodeFile as unknown as typeof File

afterEach(() => cleanup())

// waitFor's default 1 s is for a quiet machine; CI shares 2 cores between jsdom suites,
// and a retried upload through MSW can take longer there. Only the bound grows: every
// waitFor still fails if its expectation never holds.
configure({ asyncUtilTimeout: 5_000 })
