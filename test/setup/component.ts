import { configure } from '@testing-library/react'
import Uppy from '@uppy/core'
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

// Uppy's constructor arms `setTimeout(updateOnlineStatus, 3000)` and its `destroy()` never clears it
// (@uppy/core 6.3, lib/Uppy.js): in a test file that ends within 3 s of its last Uppy, it fires after
// jsdom's teardown, reads `window`, and Vitest fails the run with an unhandled error. A browser's
// window outlives its Uppy, so only the test environment needs this guard. The bound handler is
// made per instance from the prototype's method, so patching the prototype here covers every Uppy.
const updateOnlineStatus = Uppy.prototype.updateOnlineStatus
Uppy.prototype.updateOnlineStatus = function (this: InstanceType<typeof Uppy>) {
  if (typeof window !== 'undefined') updateOnlineStatus.call(this)
}
