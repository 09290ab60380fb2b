#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the package works from source in the workspace.
import { register } from 'tsx/esm/api';

register();
await import('../src/node/cli.ts');
