/**
 * Offline analysis of one capture file: the file source feeding the analyzer, then the report.
 * A damaged file ends the reading with a one-line error in `report.error`; everything read before
 * it is analysed and reported.
 */

import { stat } from 'node:fs/promises';
import type { AnalysisReport } from '../../shared/analysis.ts';
import type { AnalyzerOptions } from './analyzer.ts';
import { Analyzer } from './analyzer.ts';
import { analysisReport } from './report/analysis-report.ts';
import { readCaptureFile } from './source/capture-file.ts';
import { CaptureFormatError, type Frame } from './source/frame.ts';

/** How a long analysis reports and stops. */
export interface AnalyzeFileControl {
  /** Aborts the reading; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called every PROGRESS_EVERY_FRAMES frames and at the end: bytes read so far, file size, frames. */
  onProgress?: (bytesRead: number, totalBytes: number, frames: number) => void;
}

/** Frames between two progress calls. */
const PROGRESS_EVERY_FRAMES = 100_000;

/** Reads and analyses `path`. Rejects only for errors that are not about the file's content (e.g. ENOENT). */
export async function analyzeFile(
  path: string,
  options: AnalyzerOptions = {},
  control: AnalyzeFileControl = {},
): Promise<AnalysisReport> {
  const analyzer = new Analyzer(options);
  const { onProgress, signal } = control;
  const totalBytes = onProgress ? (await stat(path)).size : 0;
  const sink = onProgress
    ? (frame: Frame) => {
        analyzer.onFrame(frame);
        if (analyzer.counts.read % PROGRESS_EVERY_FRAMES === 0) {
          onProgress(frame.fileOffset, totalBytes, analyzer.counts.read);
        }
      }
    : analyzer.onFrame;
  let format: string | null = null;
  let error: string | null = null;
  try {
    const summary = await readCaptureFile(path, sink, signal ? { signal } : {});
    format = summary.format;
  } catch (caught) {
    if (!(caught instanceof CaptureFormatError)) throw caught;
    error = caught.message;
  }
  onProgress?.(totalBytes, totalBytes, analyzer.counts.read);
  analyzer.finish();
  return analysisReport(analyzer, path, format, error);
}
