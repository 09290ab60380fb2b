#!/usr/bin/env node
// Runs the TypeScript replay command through tsx so the package works from source in the workspace.
import { register } from 'tsx/esm/api';

register();
await import('../src/node/replay-cli.ts');
