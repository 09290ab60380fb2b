import { defineProject } from 'vitest/config';
import { patientPolling, sourceResolution } from '../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  test: {
    name: 'examples',
    expect: patientPolling,
    include: ['e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
