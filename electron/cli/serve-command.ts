/** `callscope serve`: the app in a browser, backed by the same engine API as the desktop shell. */

import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Backend } from '../engine/app/backend.ts';
import { ensureWebBuild } from '../serve/renderer-build.ts';
import { isLoopbackHost, startServer } from '../serve/server.ts';
import { systemClock } from './capture-command.ts';
import { UsageError } from './usage-error.ts';

interface ServeOptions {
  host: string;
  port: string;
  interface?: string;
  file?: string;
  exportDir: string;
}

/** Serves until interrupted; resolves to the exit status. */
export async function runServe(options: ServeOptions): Promise<number> {
  const port = /^\d+$/.test(options.port) ? Number(options.port) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port expects 0-65535, got '${options.port}'`);
  if (options.interface !== undefined && options.file !== undefined) {
    throw new UsageError('give --interface or --file, not both');
  }
  const file = options.file === undefined ? undefined : resolve(options.file);
  const backend = new Backend({
    clock: systemClock,
    exportDir: resolve(options.exportDir),
    fileRoots: file === undefined ? [] : [dirname(file)],
    offeredFiles: file === undefined ? [] : [file],
  });
  // Without a file to offer, no path from a browser is opened at all.
  const staticDir = await ensureWebBuild();
  const running = await startServer({ host: options.host, port, staticDir, backend });
  process.stdout.write(`callscope serving on ${running.url}\n`);
  if (!isLoopbackHost(options.host)) {
    process.stdout.write('not on loopback: the page and the API require the token in that URL\n');
  }
  if (file !== undefined) void backend.openFile({ path: file }).catch(() => {});
  if (options.interface !== undefined) {
    await backend.startCapture({ interface: options.interface }).catch((error: Error) => {
      process.stderr.write(`callscope: ${error.message}\n`);
    });
  }
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
  await backend.dispose();
  await running.close();
  return 0;
}

export function registerServeCommand(program: Command, setStatus: (status: number) => void): void {
  program
    .command('serve')
    .description('serve the app to a browser: the UI over HTTP and the engine API over a WebSocket')
    .option('--host <address>', 'address to listen on (not loopback: a token is required)', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free one)', '8080')
    .option('-i, --interface <name>', 'start capturing on this interface')
    .option('--file <file>', 'analyse this capture file (and offer it to the page)')
    .option('--export-dir <dir>', 'folder CSV exports are written to', 'callscope-export')
    .action(async (options: ServeOptions) => {
      setStatus(await runServe(options));
    });
}
