#!/usr/bin/env node
// The relay as a command: the compiled CLI (`pnpm build` makes dist/; the published package ships it).
import '../dist/src/node/cli.js';
