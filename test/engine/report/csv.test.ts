import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../electron/engine/analyze-file.ts';
import { neutralizeCell, secondsCsv, streamsCsv } from '../../../electron/engine/report/csv.ts';
import type { AnalysisReport } from '../../../shared/analysis.ts';
import { regularStream, rtpCapture } from '../../helpers/pcap-builder.ts';
import { tempFile } from '../../helpers/temp-files.ts';

describe('neutralizeCell (spreadsheet formula injection)', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['PCMU', 'PCMU'],
    ['[2001:db8::1]:5004', '[2001:db8::1]:5004'],
    ['', ''],
  ])('%j -> %j', (input, output) => {
    expect(neutralizeCell(input)).toBe(output);
  });
});

/** A real report of a generated 3-packet stream with duplicates, with `codec` replaced. */
async function report(codec: string): Promise<AnalysisReport> {
  const specs = regularStream(3, { payloadType: 96 });
  const result = await analyzeFile(
    tempFile('csv.pcap', rtpCapture([...specs, { ...specs[2]!, time: specs[2]!.time + 0.001 }])),
  );
  result.streams[0]!.codec = codec;
  return result;
}

describe('CSV text', () => {
  it('neutralises text cells but leaves numbers (a negative loss stays a number)', async () => {
    const text = streamsCsv(await report('=cmd|"/c calc"!A1'));
    const row = text.split('\n')[1]!;
    expect(row).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(row).toContain(',-1,');
  });

  it('writes empty cells for unknown figures and one row per stream per second', async () => {
    const lines = secondsCsv(await report('PCMU'))
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('192.0.2.1:40000,192.0.2.2:50000,0x11223344,0,4,3,-1,0,,,20,6.4,,0,,,,,,');
  });
});
