// The stroke-latency bench (`npm run bench:web`): the e2e harness, a measurement rather than a
// pass/fail test.
import { defineConfig } from 'vitest/config';
import { e2eTest } from './vitest.e2e.config.ts';

export default defineConfig({ test: { ...e2eTest, include: ['e2e/bench/**/*.bench.ts'], testTimeout: 600_000 } });
