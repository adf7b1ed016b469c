#!/usr/bin/env node
// Entry point of `npx callscope`: runs the TypeScript sources through tsx's loader, so that the
// command works straight after `npm ci` with no build step to remember.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
