import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'handoff', include: ['src/**/*.test.ts'], passWithNoTests: true },
});
