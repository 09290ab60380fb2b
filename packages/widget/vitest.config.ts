import { defineProject } from 'vitest/config';
import { patientPolling, sourceResolution } from '../../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    name: 'widget',
    expect: patientPolling,
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
  },
});
