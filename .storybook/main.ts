import type { StorybookConfig } from '@storybook/react-vite'

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest', 'msw-storybook-addon'],
  // Holds MSW's service worker; kept out of `public/` so the library build never copies it.
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  // The Live story talks to `npm run demo`'s server through this proxy (same origin, no CORS to set up).
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    server: {
      ...viteConfig.server,
      proxy: {
        '/live-api': {
          target: process.env.DEMO_URL ?? 'http://127.0.0.1:5173',
          rewrite: (path) => path.replace(/^\/live-api/, '/api'),
        },
      },
    },
  }),
}
export default config
