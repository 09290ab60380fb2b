#!/usr/bin/env node
// Replays the escalation policy over an audit log export: the compiled command (`pnpm build` makes dist/).
import '../dist/src/node/replay-cli.js';
