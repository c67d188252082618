// End-to-end tests (`npm run e2e`): Playwright (playwright-core + Debian's Chromium) against the
// real prost binary, one server per test file. Separate from `npm test`, which needs neither.
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** Shared with the bench's config. */
export const e2eTest = {
  include: ['e2e/tests/**/*.e2e.ts'],
  environment: 'node',
  globalSetup: ['e2e/harness/global-setup.ts'],
  // Two cores: a server and a browser per file already fill them; files run one at a time.
  fileParallelism: false,
  testTimeout: 90_000,
  hookTimeout: 60_000,
  // Nothing retries, so a flaky test shows up as a failure.
  retries: 0,
  reporters: ['verbose'],
} satisfies ViteUserConfig['test'];

export default defineConfig({ test: e2eTest });
