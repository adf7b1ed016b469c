/**
 * The `callscope` command line. Exit status: 0 success, 1 bad input (one line on stderr; partial
 * results are still printed), 2 wrong usage.
 */

import { Command, CommanderError, Option } from 'commander';
import { runAnalyze } from './analyze-command.ts';
import { registerCaptureCommands } from './capture-command.ts';
import { registerGenerateCommand } from './generate-command.ts';
import { registerMosCommand } from './mos-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { UsageError } from './usage-error.ts';

const EXIT_BAD_INPUT = 1;
const EXIT_USAGE = 2;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(setStatus: (status: number) => void): Command {
  const program = new Command('callscope')
    .description('Call-quality monitor: per-stream, per-second RTP statistics from captures')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .showHelpAfterError('(run callscope --help for usage)');

  program
    .command('analyze')
    .description('analyse a pcap or pcapng file: one row (or JSON object) per RTP stream direction')
    .argument('<file>', 'capture file (pcap or pcapng)')
    .option('--json', 'print one JSON document with every stream and its per-second windows')
    .option('--csv <dir>', 'also write streams.csv and seconds.csv into this folder')
    .addOption(
      new Option('--decode-as <udp:PORT>', 'treat this UDP port as RTP (repeatable)')
        .argParser(collect)
        .default([]),
    )
    .option('--no-heuristics', 'only RTP on --decode-as ports (no detection by header)')
    .option('--no-plc', 'score G.711 without packet-loss concealment (Bpl 4.3 instead of 25.1)')
    .option('--jitter-buffer <mode>', 'emulated receiver buffer: adaptive or fixed (default: adaptive)')
    .option('--jitter-buffer-ms <ms>', 'size of the fixed jitter buffer, ms (default: 60)')
    .option('--mos-window <s>', 'seconds of history behind each per-second MOS, 1-10 (default: 5)')
    .action(async (file: string, options) => {
      setStatus(await runAnalyze(file, options));
    });
  registerMosCommand(program, setStatus);
  registerCaptureCommands(program, setStatus);
  registerGenerateCommand(program, setStatus);
  registerServeCommand(program, setStatus);
  return program;
}

/** Runs the command line; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let status = 0;
  const program = buildProgram((s) => {
    status = s;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return helpShown || error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`callscope: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`callscope: ${describe(error)}\n`);
    if (process.env.CALLSCOPE_DEBUG) console.error(error);
    return EXIT_BAD_INPUT;
  }
}

/** One line for an error that reached the top (file system errors carry code and path). */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' && path) return `${path}: no such file`;
    if (code === 'EISDIR' && path) return `${path}: is a folder, not a capture file`;
    if (code === 'EACCES' && path) return `${path}: permission denied`;
    return error.message.split('\n')[0] ?? String(error);
  }
  return String(error);
}
