import { defineProject } from 'vitest/config';
import { patientPolling, sourceResolution } from '../../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  test: {
    expect: patientPolling,
    name: 'relay',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
  },
});
