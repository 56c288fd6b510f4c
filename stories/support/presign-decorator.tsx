import type { Decorator } from '@storybook/react-vite'
import { PresignProvider } from '../../src/react/index.js'
import { ENDPOINT } from './mock-store.js'

/** Renders the story inside a `<PresignProvider>` for the mocked endpoint, as an app would. */
export const withPresignProvider: Decorator = (Story) => (
  <PresignProvider endpoint={ENDPOINT}>
    <Story />
  </PresignProvider>
)
