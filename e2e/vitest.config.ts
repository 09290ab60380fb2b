import { defineProject } from 'vitest/config';
import { sourceResolution } from '../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  test: { name: 'install', include: ['*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000 },
});
