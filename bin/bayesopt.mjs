#!/usr/bin/env node
// The `bayesopt` command (package.json "bin"): registers tsx so the TypeScript CLI runs as is.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
