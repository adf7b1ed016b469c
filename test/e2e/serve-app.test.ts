/**
 * The renderer end to end: Debian's Chromium, driven by playwright-core, against `callscope serve`.
 * File mode: the table rows equal `analyze --json` for the same capture, the gauges show those values
 * with their level, the timeline draws points, export writes the CLI's CSV, and a hostile SIP display
 * name stays text. Live mode: the generator on `lo` shows rows that update every second. Screenshots
 * go to docs/screenshots/.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHelperPath } from '../../electron/engine/capture/helper-path.ts';
import type { AnalysisReport } from '../../shared/analysis.ts';
import { pcapFile, rtpBytes, udpFrame } from '../helpers/pcap-builder.ts';
import { BIN, runCli } from '../helpers/run-cli.ts';
import { tempFile, tempFolder } from '../helpers/temp-files.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const CAPTURES = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'captures');
const SAMPLE = join(CAPTURES, 'SIP_CALL_RTP_G711.pcap');
if (!haveChromium) console.warn(`NOTICE: browser tests skipped: ${CHROMIUM} is not installed`);

/** Starts `callscope serve` with `args` and resolves with its URL once it listens. */
function serve(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /serving on (\S+)/.exec(text);
      if (match) resolveStart({ url: match[1]!, child });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
    setTimeout(() => reject(new Error(`serve not listening after 60 s: ${text}`)), 60_000);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null) return resolveStop();
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

let browser: Browser;
beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(url);
  return page;
}

const cellText = (page: Page, streamId: number, column: string) =>
  page
    .locator(`[data-testid="stream-row"][data-stream-id="${streamId}"] [data-col="${column}"]`)
    .first()
    .innerText();

describe.skipIf(!haveChromium || !existsSync(SAMPLE))('the app in Chromium, file mode', () => {
  let server: { url: string; child: ChildProcess };
  let report: AnalysisReport;
  beforeAll(async () => {
    server = await serve(['--file', SAMPLE, '--export-dir', tempFolder()]);
    report = JSON.parse(runCli(['analyze', SAMPLE, '--json']).stdout) as AnalysisReport;
  }, 120_000);
  afterAll(async () => stop(server.child));

  it('shows one row per stream with the figures analyze --json reports', async () => {
    const page = await openPage(server.url);
    await page.locator('[data-testid="stream-row"]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="stream-row"]').count()).toBe(report.streams.length);
    for (const stream of report.streams) {
      expect(await cellText(page, stream.id, 'ssrc')).toBe(stream.ssrc);
      expect(await cellText(page, stream.id, 'packets')).toBe(String(stream.packets));
      expect(await cellText(page, stream.id, 'mos')).toContain(stream.mos!.toFixed(2));
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'file-streams.png') });
  }, 60_000);

  it('a selected stream: gauges with values and levels, and a timeline with points', async () => {
    const page = await openPage(server.url);
    const stream = report.streams[0]!;
    await page.locator(`[data-testid="stream-row"][data-stream-id="${stream.id}"]`).click();
    const mos = page.locator('[data-testid="gauge-mos"]');
    await mos.waitFor();
    expect(Number(await mos.getAttribute('data-value'))).toBeCloseTo(stream.mos!, 2);
    expect(await mos.getAttribute('data-level')).toBe(stream.qualityLevel);
    const timeline = page.locator('[data-testid="timeline"]');
    await page.waitForFunction(
      `Number(document.querySelector('[data-testid="timeline"]')?.getAttribute('data-points')) > 0`,
    );
    expect(Number(await timeline.getAttribute('data-points'))).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'file-selected-stream.png') });
  }, 60_000);
});

describe.skipIf(!haveChromium)('hostile text from packets', () => {
  it('an HTML, script and formula display name is shown as text', async () => {
    const hostile = `<img src=x onerror="document.title='pwned'">=cmd|' /C calc'!A0`;
    const invite = [
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1',
      `From: "${hostile.replace(/"/g, '\\"')}" <sip:alice@example.com>;tag=a1`,
      'To: <sip:bob@example.com>',
      'Call-ID: hostile@example.com',
      'CSeq: 1 INVITE',
      'Content-Type: application/sdp',
    ];
    const sdp =
      'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
    const sip = new TextEncoder().encode([...invite, `Content-Length: ${sdp.length}`, '', sdp].join('\r\n'));
    const records = [
      { time: 1_700_000_000, frame: udpFrame(['192.0.2.10', 5060], ['192.0.2.20', 5060], sip) },
    ];
    for (let i = 0; i < 150; i++) {
      const packet = rtpBytes({ time: 0, seq: i, timestamp: i * 160, ssrc: 0x77 });
      records.push({
        time: 1_700_000_000.1 + i * 0.02,
        frame: udpFrame(['192.0.2.20', 5000], ['192.0.2.10', 4000], packet),
      });
    }
    const file = tempFile('hostile.pcap', pcapFile(records));
    const server = await serve(['--file', file]);
    try {
      const page = await openPage(server.url);
      await page.locator('[data-testid="stream-row"]').first().waitFor({ timeout: 30_000 });
      await expect(page.getByText(hostile, { exact: false }).first().isVisible()).resolves.toBe(true);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.title()).not.toBe('pwned');
      await page.screenshot({ path: join(SCREENSHOTS, 'hostile-display-name.png') });
    } finally {
      await stop(server.child);
    }
  }, 90_000);
});

const canCapture = process.getuid?.() === 0 && captureHelperPath() !== null;

describe.skipIf(!haveChromium || !canCapture)('the app in Chromium, live mode', () => {
  it('streams the generator sends on lo appear and update every second', async () => {
    const server = await serve([]);
    try {
      const page = await openPage(server.url);
      await page.locator('[data-testid="interface-select"]').selectOption('lo');
      await page.locator('[data-testid="filter-input"]').fill('udp and portrange 45000-45099');
      await page.locator('[data-testid="start-button"]').click();
      const sender = spawn(
        process.execPath,
        [
          BIN,
          'generate',
          '--to',
          '127.0.0.1:45000',
          '--from',
          '127.0.0.1:45050',
          '--calls',
          '2',
          '--duration',
          '6',
        ],
        { stdio: 'ignore' },
      );
      await page.locator('[data-testid="stream-row"]').first().waitFor({ timeout: 15_000 });
      const packets = async () =>
        Number(await page.locator('[data-testid="stream-row"] [data-col="packets"]').first().innerText());
      const before = await packets();
      await page.waitForTimeout(2_200);
      expect(await packets()).toBeGreaterThan(before);
      expect(await page.locator('[data-testid="stream-row"]').count()).toBe(4);
      await page.screenshot({ path: join(SCREENSHOTS, 'live-capture.png') });
      await new Promise((resolveSend) => sender.once('exit', resolveSend));
      await page.locator('[data-testid="stop-button"]').click();
    } finally {
      await stop(server.child);
    }
  }, 90_000);
});

describe.skipIf(!haveChromium || !existsSync(SAMPLE))('export from the app', () => {
  it('writes the CSV files the CLI writes', async () => {
    const exportDir = tempFolder();
    const server = await serve(['--file', SAMPLE, '--export-dir', exportDir]);
    try {
      const page = await openPage(server.url);
      await page.locator('[data-testid="stream-row"]').first().waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="export-button"]').click();
      await page.waitForFunction(
        `document.querySelector('[data-testid="export-result"]')?.textContent?.includes('streams.csv')`,
      );
      const cliDir = tempFolder();
      expect(runCli(['analyze', SAMPLE, '--csv', cliDir]).status).toBe(0);
      for (const name of ['streams.csv', 'seconds.csv', 'calls.csv']) {
        // The file column names the path as given; compare everything else.
        expect(readFileSync(join(exportDir, name), 'utf8')).toBe(readFileSync(join(cliDir, name), 'utf8'));
      }
    } finally {
      await stop(server.child);
    }
  }, 90_000);
});
