import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// Unlike MSW 2 (see test/setup/component.ts), MSW 3 lets jsdom's own XMLHttpRequest send the body, and jsdom only
// knows its own Blob: a Node File would go out as the text "[object File]". So jsdom's File and Blob stay.
afterEach(() => cleanup())
