import { defineConfig } from 'vitest/config';

// Three projects so `npm test` can run them in order and report each: unit tests sit beside the code,
// integration tests use real onnxruntime-node sessions / files / ffmpeg, e2e drives Debian Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src-shared/**/*.test.ts',
            'src-main/**/*.test.ts',
            'src-renderer/**/*.test.{ts,tsx}',
            'build/**/*.test.ts',
          ],
          environment: 'node',
          // Unit tests are fast on a quiet machine, but CI's 2 cores may be shared: a 2 MiB conversion took
          // 13 s at load 19. A timeout here only catches hangs; speed lives in `npm run bench`.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/golden/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
