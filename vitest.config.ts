import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the workspace packages from source, so `vitest run` needs no build; the few tests
// that spawn a real daemon use the built `dist/` (npm test builds first).
const alias = [
  {
    find: /^@pbxwatch\/core\/protocol$/,
    replacement: fileURLToPath(new URL('./core/src/protocol.ts', import.meta.url)),
  },
  {
    find: /^@pbxwatch\/(core|broker|agent|console)$/,
    replacement: fileURLToPath(new URL('./$1/src/index.ts', import.meta.url)),
  },
];

const project = (name: string, include: string[], extra: Record<string, unknown> = {}) => ({
  resolve: { alias },
  test: { name, include, testTimeout: 20_000, hookTimeout: 30_000, ...extra },
});

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      project('core', ['core/src/**/*.test.ts']),
      project('broker', ['broker/src/**/*.test.ts']),
      project('agent', ['agent/src/**/*.test.ts']),
      project('console', ['console/src/**/*.test.{ts,tsx}']),
      project('e2e', ['test/**/*.test.ts'], { testTimeout: 60_000, fileParallelism: false }),
    ],
  },
});
