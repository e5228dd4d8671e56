#!/usr/bin/env node
// The `bayesopt` command (package.json "bin"): runs the CLI compiled, as `npm start` runs the
// server (tools/build-server.mjs brings dist/ up to date first: a stat per file when it is).
import { ensureBuilt } from '../tools/build-server.mjs';

await ensureBuilt({ quiet: true });
// Stack traces map back to the TypeScript (what --enable-source-maps does for npm start).
process.setSourceMapsEnabled(true);
await import('../dist/cli/main.js');
