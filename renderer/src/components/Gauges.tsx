/**
 * Gauges of the selected stream (or both directions of the selected call): MOS, R, jitter, loss
 * and RTT as arcs coloured by level, and where the R points went.
 */

import { useMemo } from 'react';
import type { Impairments } from '../../../shared/analysis.ts';
import { describeMos, type QualityLevel, qualityLevelInfo } from '../../../shared/quality-levels.ts';
import type { ThresholdMetric, Thresholds } from '../../../shared/thresholds.ts';
import { useAppState, useTableData } from '../hooks.ts';
import { fixed, MISSING } from '../lib/format.ts';
import { levelClass, levelFor, rOnThresholdScale, type Scale, WIDEBAND_R_FACTOR } from '../lib/levels.ts';
import { dominantSentence, IMPAIRMENT_KINDS, type StreamFigures, streamFigures } from '../state/figures.ts';
import { callStreamIds } from '../state/rows.ts';

/** Panels side by side at most (a call with re-INVITEs can have more streams). */
const MAX_PANELS = 4;

// The arc: a half circle from the left (min) to the right (max).
const CX = 50;
const CY = 50;
const RADIUS = 40;

function pointAt(fraction: number): string {
  const angle = Math.PI * (1 - Math.min(1, Math.max(0, fraction)));
  return `${(CX + RADIUS * Math.cos(angle)).toFixed(2)} ${(CY - RADIUS * Math.sin(angle)).toFixed(2)}`;
}

function arc(from: number, to: number): string {
  return `M ${pointAt(from)} A ${RADIUS} ${RADIUS} 0 0 1 ${pointAt(to)}`;
}

export interface GaugeProps {
  testId: string;
  label: string;
  value: number | null;
  unit: string;
  decimals: number;
  min: number;
  max: number;
  level: QualityLevel | null;
  /** Threshold boundaries to tick on the arc, in the gauge's unit. */
  ticks: number[];
  /** Extra line under the level (MOS: the rating; R: the scale). */
  note?: string | undefined;
  title?: string;
}

export function Gauge({
  testId,
  label,
  value,
  unit,
  decimals,
  min,
  max,
  level,
  ticks,
  note,
  title,
}: GaugeProps) {
  const fraction = value === null ? 0 : (value - min) / (max - min);
  const levelName = level === null ? MISSING : qualityLevelInfo(level).label;
  return (
    <div
      className={`gauge ${levelClass(level)}`}
      data-testid={testId}
      data-value={value ?? ''}
      data-level={level ?? ''}
      title={title}
    >
      <svg
        viewBox="0 0 100 56"
        role="img"
        aria-label={`${label} ${fixed(value, decimals)} ${unit} ${levelName}`}
      >
        <path className="gauge-track" d={arc(0, 1)} />
        {value !== null && fraction > 0.002 ? <path className="gauge-value" d={arc(0, fraction)} /> : null}
        {ticks.map((tick) => {
          const f = (tick - min) / (max - min);
          if (!(f > 0 && f < 1)) return null;
          const angle = Math.PI * (1 - f);
          const inner = RADIUS - 6;
          const outer = RADIUS + 6;
          return (
            <line
              key={tick}
              className="gauge-tick"
              x1={CX + inner * Math.cos(angle)}
              y1={CY - inner * Math.sin(angle)}
              x2={CX + outer * Math.cos(angle)}
              y2={CY - outer * Math.sin(angle)}
            />
          );
        })}
        <text className="gauge-number" x={CX} y={CY - 4} textAnchor="middle">
          {fixed(value, decimals)}
        </text>
        <text className="gauge-unit" x={CX} y={CY + 5} textAnchor="middle">
          {unit}
        </text>
      </svg>
      <div className="gauge-label">{label}</div>
      <div className={`gauge-level ${levelClass(level)}`}>{levelName}</div>
      {note ? <div className="gauge-note">{note}</div> : null}
    </div>
  );
}

const boundaries = (thresholds: Readonly<Thresholds>, metric: ThresholdMetric) => {
  const b = thresholds[metric];
  return [b.good, b.warning, b.fair, b.poor];
};

function Breakdown({ impairments }: { impairments: Impairments | null }) {
  if (impairments === null) {
    return (
      <div className="breakdown" data-testid="impairments" data-dominant="">
        <span className="muted">No impairment breakdown (no speech codec, or under 2 s of data).</span>
      </div>
    );
  }
  const largest = Math.max(10, ...IMPAIRMENT_KINDS.map((kind) => impairments[kind.key]));
  return (
    <div className="breakdown" data-testid="impairments" data-dominant={impairments.dominant}>
      <div className="breakdown-title">Where the R points went</div>
      {IMPAIRMENT_KINDS.map((kind) => {
        const points = impairments[kind.key];
        const dominant = impairments.dominant === kind.key;
        return (
          <div
            key={kind.key}
            className={`bar-row${dominant ? ' dominant' : ''}`}
            data-testid="impairment-bar"
            data-kind={kind.key}
            data-value={points}
          >
            <span className="bar-name">{kind.name}</span>
            <span className="bar-track">
              <span
                className="bar-fill"
                style={{ width: `${Math.max(0, Math.min(100, (points / largest) * 100))}%` }}
              />
            </span>
            <span className="bar-value num">−{points.toFixed(1)} R</span>
          </div>
        );
      })}
      <div className="dominant-sentence" data-testid="dominant-impairment">
        {dominantSentence(impairments)}
      </div>
    </div>
  );
}

const scaleName = (scale: Scale) =>
  scale === null ? '' : scale === 'wideband' ? 'wideband (G.107.1)' : 'narrowband (G.107)';

const directionName = (direction: StreamFigures['direction']) =>
  direction === 'caller-to-callee'
    ? 'caller → callee'
    : direction === 'callee-to-caller'
      ? 'callee → caller'
      : '';

function StreamGauges({ figures, thresholds }: { figures: StreamFigures; thresholds: Readonly<Thresholds> }) {
  const f = figures;
  const mosLevel = levelFor('mos', f.mos, thresholds);
  const rLevel = levelFor('rFactor', f.rFactor, thresholds, f.scale);
  const rMax = f.scale === 'wideband' ? 129 : 100;
  const rTicks = boundaries(thresholds, 'rFactor').map((r) =>
    f.scale === 'wideband' ? r * WIDEBAND_R_FACTOR : r,
  );
  const rating = f.mos === null ? null : describeMos(f.mos);
  const jitterMax = thresholds.jitterMs.poor * 1.5;
  const lossMax = thresholds.lossPercent.poor * 1.5;
  const rttMax = thresholds.rttMs.poor * 1.25;
  return (
    <div className="gauge-panel" data-testid="gauge-panel" data-stream-id={f.id}>
      <div className="panel-head">
        <span className="text" title={f.label}>
          {f.label}
        </span>
        <span className="mono muted">{f.ssrc}</span>
        <span className="muted" title={f.codec ?? 'unknown codec'}>
          {f.codec ?? '?'}
        </span>
        {f.direction ? <span className="muted">{directionName(f.direction)}</span> : null}
        <span className="basis muted">{f.basis === 'stream' ? 'whole stream' : 'latest second'}</span>
      </div>
      {f.flags.length > 0 ? (
        <div className="flags">
          {f.flags.map((flag) => (
            <span
              key={flag}
              className={`flag flag-${flag}`}
              title={
                flag === 'capture-loss'
                  ? 'the capture itself dropped packets: loss may not be the network’s'
                  : flag
              }
            >
              {flag}
            </span>
          ))}
        </div>
      ) : null}
      <div className="gauges-row">
        <Gauge
          testId="gauge-mos"
          label="MOS"
          value={f.mos}
          unit=""
          decimals={2}
          min={1}
          max={4.5}
          level={mosLevel}
          ticks={boundaries(thresholds, 'mos')}
          note={rating === null ? undefined : [rating.name, f.scale].filter(Boolean).join(' · ')}
          title={rating === null ? undefined : `${rating.name}: ${rating.satisfaction}`}
        />
        <Gauge
          testId="gauge-rfactor"
          label="R factor"
          value={f.rFactor}
          unit={f.scale === 'wideband' ? 'R (0–129)' : 'R (0–100)'}
          decimals={2}
          min={0}
          max={rMax}
          level={rLevel}
          ticks={rTicks}
          note={scaleName(f.scale) || undefined}
          title={
            f.rFactor !== null && f.scale === 'wideband'
              ? `On the narrowband scale: ${rOnThresholdScale(f.rFactor, f.scale).toFixed(2)}`
              : undefined
          }
        />
        <Gauge
          testId="gauge-jitter"
          label="Jitter"
          value={f.jitterMs}
          unit="ms"
          decimals={2}
          min={0}
          max={jitterMax}
          level={levelFor('jitterMs', f.jitterMs, thresholds)}
          ticks={boundaries(thresholds, 'jitterMs')}
        />
        <Gauge
          testId="gauge-loss"
          label="Loss"
          value={f.lossPercent}
          unit="%"
          decimals={2}
          min={0}
          max={lossMax}
          level={levelFor('lossPercent', f.lossPercent, thresholds)}
          ticks={boundaries(thresholds, 'lossPercent')}
        />
        <Gauge
          testId="gauge-rtt"
          label="RTT"
          value={f.rttMs}
          unit="ms"
          decimals={1}
          min={0}
          max={rttMax}
          level={levelFor('rttMs', f.rttMs, thresholds)}
          ticks={boundaries(thresholds, 'rttMs')}
        />
      </div>
      <Breakdown impairments={f.impairments} />
    </div>
  );
}

export function Gauges() {
  const state = useAppState();
  const { selection, report, snapshot, thresholds } = state;
  const data = useTableData(state);
  const ids = useMemo(
    () => (selection.callId !== null ? callStreamIds(data, selection.callId) : selection.streamIds),
    [data, selection],
  );
  const figures = useMemo(() => streamFigures(ids, report, snapshot), [ids, report, snapshot]);
  const call = selection.callId === null ? undefined : data.calls.find((c) => c.callId === selection.callId);

  return (
    <section className="gauges panel" data-testid="gauges" aria-label="Gauges">
      {call !== undefined ? (
        <div className="gauges-call" title={`${call.fromTitle} → ${call.toTitle}`}>
          <span className="party">{call.from}</span> → <span className="party">{call.to}</span>{' '}
          <span className="muted">{call.state}</span>
        </div>
      ) : null}
      {figures.length === 0 ? (
        <p className="placeholder">
          {selection.callId !== null
            ? 'This call has no RTP streams.'
            : 'Select a stream or a call in the table (click, ↑/↓).'}
        </p>
      ) : (
        <div className="gauge-panels">
          {figures.slice(0, MAX_PANELS).map((f) => (
            <StreamGauges key={f.id} figures={f} thresholds={thresholds} />
          ))}
          {figures.length > MAX_PANELS ? (
            <p className="muted">+{figures.length - MAX_PANELS} more streams</p>
          ) : null}
        </div>
      )}
    </section>
  );
}
