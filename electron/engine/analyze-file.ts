/**
 * Offline analysis of one capture file: the file source feeding the analyzer, then the report.
 * A damaged file ends the reading with a one-line error in `report.error`; everything read before
 * it is analysed and reported.
 */

import type { AnalysisReport } from '../../shared/analysis.ts';
import type { AnalyzerOptions } from './analyzer.ts';
import { Analyzer } from './analyzer.ts';
import { analysisReport } from './report/analysis-report.ts';
import { readCaptureFile } from './source/capture-file.ts';
import { CaptureFormatError } from './source/frame.ts';

/** Reads and analyses `path`. Rejects only for errors that are not about the file's content (e.g. ENOENT). */
export async function analyzeFile(path: string, options: AnalyzerOptions = {}): Promise<AnalysisReport> {
  const analyzer = new Analyzer(options);
  let format: string | null = null;
  let error: string | null = null;
  try {
    const summary = await readCaptureFile(path, analyzer.onFrame);
    format = summary.format;
  } catch (caught) {
    if (!(caught instanceof CaptureFormatError)) throw caught;
    error = caught.message;
  }
  analyzer.finish();
  return analysisReport(analyzer, path, format, error);
}
