/**
 * Reference vectors of ../shared/docs/emodel.md section 6 (the spec), transcribed row by row, and the
 * simplified "common practice" formulas the spec uses for its comparison columns (1.10). The product
 * does not compute the simplified forms; they are here only to check the transcription and to show
 * where they part from full G.107 (pitfall 8).
 */

/** Section 6.1 row: inputs and expected values ("full" = G.107 with T = Ta, Tr = 2·Ta). */
export interface PureVector {
  id: string;
  codec: string;
  ie: number;
  bpl: number;
  taMs: number;
  pplPercent: number;
  burstRatio: number;
  a: number;
  fullR: number;
  fullMos: number;
  simpleR: number;
  simpleMos: number;
  idFull: number;
  idSimple: number;
  ieEff: number;
}

const row = (
  id: string,
  codec: string,
  values: [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ],
): PureVector => {
  const [
    ie,
    bpl,
    taMs,
    pplPercent,
    burstRatio,
    a,
    fullR,
    fullMos,
    simpleR,
    simpleMos,
    idFull,
    idSimple,
    ieEff,
  ] = values;
  return {
    id,
    codec,
    ie,
    bpl,
    taMs,
    pplPercent,
    burstRatio,
    a,
    fullR,
    fullMos,
    simpleR,
    simpleMos,
    idFull,
    idSimple,
    ieEff,
  };
};

/** Spec 6.1, V1 – V21 (V1's full R/MOS with the 4-decimal values given in parentheses). */
export const PURE_VECTORS: readonly PureVector[] = [
  row('V1', 'G.711', [0, 4.3, 0, 0, 1, 0, 93.2062, 4.4094, 93.2, 4.409, 0.15, 0, 0]),
  row('V2', 'G.711+PLC', [0, 25.1, 20, 0, 1, 0, 92.53, 4.396, 92.72, 4.4, 0.82, 0.48, 0]),
  row('V3', 'G.711+PLC', [0, 25.1, 50, 1, 1, 0, 88.12, 4.29, 88.36, 4.297, 1.6, 1.2, 3.64]),
  row('V4', 'G.711+PLC', [0, 25.1, 100, 2, 1, 0, 83.65, 4.154, 83.79, 4.159, 2.69, 2.4, 7.01]),
  row('V5', 'G.711 no PLC', [0, 4.3, 100, 2, 1, 0, 60.51, 3.126, 60.64, 3.133, 2.69, 2.4, 30.16]),
  row('V6', 'G.711+PLC', [0, 25.1, 100, 5, 2, 0, 73.45, 3.755, 73.59, 3.761, 2.69, 2.4, 17.21]),
  row('V7', 'G.729A+VAD', [11, 19, 100, 0, 1, 0, 79.66, 4.011, 79.8, 4.016, 2.69, 2.4, 11]),
  row('V8', 'G.729A+VAD', [11, 19, 150, 3, 1.5, 0, 66.54, 3.431, 66.6, 3.434, 3.82, 3.6, 23]),
  row('V9', 'G.723.1 6.3k', [15, 16.1, 200, 1, 1, 0, 66.13, 3.41, 66.22, 3.415, 7.55, 7.3, 19.68]),
  row('V10', 'GSM-EFR', [5, 10, 120, 2, 1, 0, 70.26, 3.609, 70.32, 3.612, 3.09, 2.88, 20]),
  row('V11', 'G.711+PLC', [0, 25.1, 177.3, 0, 1, 0, 88.05, 4.288, 88.94, 4.312, 5.3, 4.26, 0]),
  row('V12', 'G.711+PLC', [0, 25.1, 300, 0, 1, 0, 72.67, 3.719, 72.5, 3.712, 20.69, 20.7, 0]),
  row('V13', 'G.711+PLC', [0, 25.1, 400, 0, 1, 0, 62.25, 3.216, 59.1, 3.053, 31.11, 34.1, 0]),
  row('V14', 'G.711+PLC', [0, 25.1, 1000, 0, 1, 0, 39.08, 2.019, -21.3, 1, 54.28, 114.5, 0]),
  row('V15', 'G.711+PLC', [0, 25.1, 3000, 0, 1, 0, 30.34, 1.623, -289.3, 1, 63.01, 382.5, 0]),
  row('V16', 'G.711+PLC', [0, 25.1, 50, 100, 1, 0, 15.82, 1.142, 16.06, 1.147, 1.6, 1.2, 75.94]),
  row('V17', 'G.711+PLC', [0, 25.1, 50, 100, 50, 0, -258.8, 1, -258.55, 1, 1.6, 1.2, 350.55]),
  row('V18', 'G.729A+VAD', [11, 19, 600, 20, 3, 0, -26.97, 1, -44.15, 1, 43.87, 60.9, 76.45]),
  row('V19', 'G.711+PLC', [0, 25.1, 0, 0, 1, 20, 113.21, 4.5, 113.2, 4.5, 0.15, 0, 0]),
  row('V20', 'G.711+PLC', [0, 25.1, 50, 20, 1, 0, 49.63, 2.555, 49.87, 2.568, 1.6, 1.2, 42.13]),
  row('V21', 'G.711+PLC', [0, 25.1, 80, 10, 4, 0, 56.66, 2.926, 56.86, 2.936, 2.27, 1.92, 34.42]),
];

/** Section 6.2 row: one-way network delay D, jitter J; R / MOS of each formula (MOS to 2 decimals). */
export interface PipelineVector {
  id: string;
  codec: string;
  ie: number;
  bpl: number;
  dMs: number;
  jMs: number;
  lossPercent: number;
  burstRatio: number;
  elMs: number;
  s1: [number, number];
  s2: [number, number];
  full: [number, number];
  pp: [number, number];
}

const prow = (
  id: string,
  codec: string,
  [ie, bpl, dMs, jMs, lossPercent, burstRatio, elMs]: [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ],
  s1: [number, number],
  s2: [number, number],
  full: [number, number],
  pp: [number, number],
): PipelineVector => ({ id, codec, ie, bpl, dMs, jMs, lossPercent, burstRatio, elMs, s1, s2, full, pp });

/** Spec 6.2, P1 – P12. */
export const PIPELINE_VECTORS: readonly PipelineVector[] = [
  prow('P1', 'G.711+PLC', [0, 25.1, 0, 0, 0, 1, 10], [92.95, 4.4], [92.96, 4.4], [92.85, 4.4], [92.95, 4.4]),
  prow(
    'P2',
    'G.711+PLC',
    [0, 25.1, 20, 2, 0, 1, 34],
    [92.35, 4.39],
    [92.38, 4.39],
    [92.15, 4.39],
    [92.35, 4.39],
  ),
  prow(
    'P3',
    'G.711+PLC',
    [0, 25.1, 50, 5, 1, 1, 70],
    [87.81, 4.28],
    [87.88, 4.28],
    [87.66, 4.28],
    [88.95, 4.31],
  ),
  prow(
    'P4',
    'G.711 no PLC',
    [0, 4.3, 50, 5, 1, 1, 70],
    [73.53, 3.76],
    [73.6, 3.76],
    [73.38, 3.75],
    [88.95, 4.31],
  ),
  prow(
    'P5',
    'G.711+PLC',
    [0, 25.1, 75, 10, 2, 1.5, 105],
    [83.39, 4.15],
    [83.49, 4.15],
    [83.37, 4.14],
    [85.58, 4.22],
  ),
  prow(
    'P6',
    'G.729A+VAD',
    [11, 19, 60, 8, 0.5, 1, 86],
    [77.9, 3.94],
    [77.98, 3.95],
    [77.8, 3.94],
    [89.8, 4.33],
  ),
  prow(
    'P7',
    'G.729A+VAD',
    [11, 19, 120, 15, 3, 2, 160],
    [65.91, 3.4],
    [66.07, 3.41],
    [65.84, 3.4],
    [81.7, 4.09],
  ),
  prow(
    'P8',
    'G.723.1 6.3k',
    [15, 16.1, 100, 10, 2, 1, 130],
    [66.11, 3.41],
    [66.24, 3.42],
    [66.22, 3.42],
    [84.95, 4.2],
  ),
  prow('P9', 'GSM-EFR', [5, 10, 80, 5, 1, 1, 100], [77.52, 3.93], [77.62, 3.93], [77.48, 3.93], [88.2, 4.29]),
  prow(
    'P10',
    'G.711+PLC',
    [0, 25.1, 150, 25, 5, 3, 210],
    [66.45, 3.43],
    [66.82, 3.44],
    [66.84, 3.45],
    [71.7, 3.68],
  ),
  prow(
    'P11',
    'G.711+PLC',
    [0, 25.1, 250, 40, 0, 1, 340],
    [71.2, 3.65],
    [67.14, 3.46],
    [68.08, 3.51],
    [71.2, 3.65],
  ),
  prow(
    'P12',
    'G.711+PLC',
    [0, 25.1, 500, 50, 0, 1, 610],
    [44.2, 2.27],
    [30.96, 1.65],
    [49.04, 2.52],
    [44.2, 2.27],
  ),
];

/** The "93.2" of the simplified forms (spec 1.10). */
const SIMPLE_R0 = 93.2;
/** Cole & Rosenbluth Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3) (spec 1.10, S-CR). */
export function idColeRosenbluth(dMs: number): number {
  return 0.024 * dMs + (dMs > 177.3 ? 0.11 * (dMs - 177.3) : 0);
}
/** PingPlotter effective-latency Id: EL/40 below 160 ms, (EL − 120)/10 above (spec 1.10, S-PP). */
export function idPingPlotter(elMs: number): number {
  return elMs < 160 ? elMs / 40 : (elMs - 120) / 10;
}
/** 93.2 − Id − Ie,eff (+ A): the simplified forms S1 / S2 / "simple". */
export function simplifiedR(id: number, ieEff: number, a = 0): number {
  return SIMPLE_R0 - id - ieEff + a;
}
/** Pure PingPlotter: 93.2 − Id_PP − 2.5·loss% (codec-blind). */
export function pingPlotterR(elMs: number, lossPercent: number): number {
  return SIMPLE_R0 - idPingPlotter(elMs) - 2.5 * lossPercent;
}
