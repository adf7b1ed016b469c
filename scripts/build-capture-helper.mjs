#!/usr/bin/env node
/**
 * Builds the live-capture helper `build/callscope-capture` from native/capture/*.c with `cc` (or $CC)
 * against libpcap. Run by npm as the root package's `install` script and by `npm run build:capture`.
 *
 * - Skips the build when the binary is newer than its sources (and this script); `--force` rebuilds.
 * - When there is no C compiler or no libpcap headers it prints ONE line saying live capture is
 *   unavailable and what to install, and exits 0, so `npm ci` never fails because of the helper.
 *   Capture files still work without it. With `--force` (an explicit request) failures exit 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'native', 'capture');
const output = join(root, 'build', 'callscope-capture');
const force = process.argv.includes('--force');
const compiler = process.env.CC?.trim() || 'cc';
const FLAGS = ['-O2', '-Wall', '-Wextra', '-Werror'];
const TAG = 'callscope: live capture';

const INSTALL_HINT =
  process.platform === 'darwin'
    ? 'install the Xcode command line tools: xcode-select --install'
    : 'install a C compiler and the libpcap headers: Debian/Ubuntu `sudo apt-get install libpcap-dev build-essential`, Fedora `sudo dnf install libpcap-devel gcc`';

/** Prints the one line and ends: status 0 for the install script, 1 when the build was asked for. */
function unavailable(reason) {
  console.log(`${TAG} unavailable: ${reason}; ${INSTALL_HINT} (capture files still work)`);
  process.exit(force ? 1 : 0);
}

function run(args) {
  return spawnSync(compiler, args, { encoding: 'utf8', shell: false, timeout: 120_000 });
}

function newestSourceTime(files) {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

function outputTime() {
  try {
    return statSync(output).mtimeMs;
  } catch {
    return -1;
  }
}

if (process.platform === 'win32') {
  console.log(
    `${TAG} unavailable: the capture helper does not support Windows yet (it will need an Npcap build); capture files still work`,
  );
  process.exit(0);
}

const entries = readdirSync(sourceDir).filter((name) => name.endsWith('.c') || name.endsWith('.h'));
const sources = entries.filter((name) => name.endsWith('.c')).map((name) => join(sourceDir, name));
const allFiles = entries.map((name) => join(sourceDir, name));

if (!force && outputTime() > newestSourceTime(allFiles)) {
  console.log(`${TAG}: ${relative(root, output)} is up to date`);
  process.exit(0);
}

// A C compiler?
const version = run(['--version']);
if (version.error !== undefined || version.status !== 0) unavailable(`no C compiler (\`${compiler}\`) found`);

// libpcap headers and library? Compile and link a probe that calls pcap_set_immediate_mode.
const probeDir = mkdtempSync(join(tmpdir(), 'callscope-pcap-probe-'));
try {
  const probe = join(probeDir, 'probe.c');
  writeFileSync(
    probe,
    '#include <pcap/pcap.h>\nint main(void) { return pcap_set_immediate_mode((pcap_t *)0, 1) == 12345; }\n',
  );
  const probed = run([probe, '-o', join(probeDir, 'probe'), '-lpcap']);
  if (probed.error !== undefined || probed.status !== 0) {
    unavailable('libpcap headers or library not found (pcap/pcap.h did not compile)');
  }
} finally {
  rmSync(probeDir, { recursive: true, force: true });
}

// Build to a temporary name, then rename, so a failed build never leaves a broken binary in place.
mkdirSync(dirname(output), { recursive: true });
const partial = `${output}.partial-${process.pid}`;
const started = Date.now();
let built = run([...FLAGS, '-o', partial, ...sources, '-lpcap']);
let warned = false;
if (built.status !== 0 && built.error === undefined) {
  // A newer compiler may warn about code that is fine elsewhere: retry without -Werror, and say so.
  const lenient = run([...FLAGS.filter((flag) => flag !== '-Werror'), '-o', partial, ...sources, '-lpcap']);
  if (lenient.status === 0) {
    warned = true;
    process.stderr.write(built.stderr);
  }
  built = lenient.status === 0 ? lenient : built;
}
if (built.error !== undefined || built.status !== 0) {
  rmSync(partial, { force: true });
  process.stderr.write(built.stderr ?? '');
  console.log(`${TAG} unavailable: building ${relative(root, output)} failed (compiler output above)`);
  process.exit(force ? 1 : 0);
}
renameSync(partial, output);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const rights =
  process.platform === 'linux'
    ? `; to capture without root: sudo setcap cap_net_raw,cap_net_admin=eip ${relative(process.cwd(), output)}`
    : '';
const warnings = warned ? ' (with compiler warnings, see above)' : '';
console.log(`${TAG}: built ${relative(root, output)} in ${seconds} s${warnings}${rights}`);
