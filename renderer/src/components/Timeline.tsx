/**
 * Per-second figures of the selected streams over time, one chart.js instance updated in place:
 * threshold bands behind the lines, markers for stream start/end, codec changes, capture-loss
 * and silence-held seconds; live it follows the last five minutes, the slider scrolls back.
 */

import {
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Thresholds } from '../../../shared/thresholds.ts';
import { useAppState } from '../hooks.ts';
import { duration, fixed } from '../lib/format.ts';
import { FLAG_CAPTURE_LOSS, FLAG_SILENCE_HELD, type XY } from '../state/history.ts';
import type { TimelineEvent } from '../state/live-history.ts';
import { seriesExtent, timelineSeries } from '../state/series.ts';
import {
  type Band,
  drawnPoints,
  flaggedSpans,
  LIVE_WINDOW_SECONDS,
  type Range,
  SERIES_COLORS,
  TIMELINE_METRICS,
  type TimelineMetric,
  thresholdBands,
  visibleRange,
  WINDOW_CHOICES,
  yAxisOf,
} from '../state/timeline-model.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

type LineChart = Chart<'line', XY[]>;

/** What the overlay plugins draw, refreshed with each update. */
interface Overlay {
  bands: Band[];
  events: { x: number; kind: TimelineEvent['kind']; label: string; color: string }[];
  captureLoss: Range[];
  silence: Range[];
}

interface Theme {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  levels: Record<string, string>;
  captureLoss: string;
  silence: string;
}

function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', '#ffffff'),
    fg: v('--fg', '#1b1b1b'),
    muted: v('--muted', '#6b6b6b'),
    grid: v('--grid', 'rgba(128,128,128,0.2)'),
    levels: {
      good: v('--quality-good', '#2e7d32'),
      warning: v('--quality-warning', '#9e9d24'),
      fair: v('--quality-fair', '#ef6c00'),
      poor: v('--quality-poor', '#c62828'),
      critical: v('--quality-critical', '#6a1b9a'),
    },
    captureLoss: v('--capture-loss', '#d50000'),
    silence: v('--silence', '#9e9e9e'),
  };
}

const metricInfo = (metric: TimelineMetric) =>
  TIMELINE_METRICS.find((m) => m.metric === metric) ?? TIMELINE_METRICS[0]!;

export function Timeline() {
  const { selection, report, live, snapshot, thresholds, engine } = useAppState();
  const [metric, setMetric] = useState<TimelineMetric>('mos');
  /** 'auto': five minutes live, everything for a report. */
  const [windowChoice, setWindowChoice] = useState<number | null | 'auto'>('auto');
  /** Right edge of the window; null follows the newest second. */
  const [end, setEnd] = useState<number | null>(null);
  const [png, setPng] = useState<string | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<LineChart | null>(null);
  const overlayRef = useRef<Overlay>({ bands: [], events: [], captureLoss: [], silence: [] });
  const themeRef = useRef<Theme | null>(null);

  const isLive = report === null && (snapshot !== null || engine.state === 'capturing');
  const windowSeconds = windowChoice === 'auto' ? (isLive ? LIVE_WINDOW_SECONDS : null) : windowChoice;
  const version = live.version;
  const ids = selection.streamIds;
  const series = useMemo(() => {
    void version;
    return timelineSeries(ids, report, live, snapshot?.streams ?? []);
  }, [ids, report, live, snapshot, version]);
  const extent = useMemo(() => {
    const e = seriesExtent(series);
    // Live, the window's right edge is now (the newest second may be silent for every stream).
    if (isLive && e !== null) return { min: e.min, max: Math.max(e.max, live.elapsedSeconds) };
    return e;
  }, [series, isLive, live.elapsedSeconds]);
  const range = useMemo(() => visibleRange(extent, windowSeconds, end), [extent, windowSeconds, end]);

  const view = useMemo(() => {
    const datasets: ChartDataset<'line', XY[]>[] = [];
    const overlay: Overlay = {
      bands: thresholdBands(metric, thresholds),
      events: [],
      captureLoss: [],
      silence: [],
    };
    let drawn = 0;
    series.forEach((s, i) => {
      const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
      const points = s.buffer.points(metric, range.min, range.max);
      drawn += drawnPoints(points, range);
      datasets.push({
        label: s.label,
        data: points,
        borderColor: color,
        backgroundColor: color,
        borderWidth: 1.25,
        pointRadius: 0,
        pointHitRadius: 4,
        spanGaps: false,
        normalized: true,
        parsing: false,
      });
      for (const event of s.events) {
        if (event.x >= range.min && event.x <= range.max) overlay.events.push({ ...event, color });
      }
      overlay.captureLoss.push(...flaggedSpans(s.buffer, FLAG_CAPTURE_LOSS, range.min, range.max));
      overlay.silence.push(...flaggedSpans(s.buffer, FLAG_SILENCE_HELD, range.min, range.max));
    });
    return { datasets, overlay, drawn };
  }, [series, metric, range, thresholds]);

  // One chart for the component's life.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    themeRef.current = readTheme(canvas);
    const theme = () => themeRef.current ?? readTheme(canvas);

    const background: Plugin<'line'> = {
      id: 'callscopeBackground',
      beforeDraw(chart) {
        const { ctx } = chart;
        ctx.save();
        ctx.fillStyle = theme().bg;
        ctx.fillRect(0, 0, chart.width, chart.height);
        ctx.restore();
      },
    };
    const bands: Plugin<'line'> = {
      id: 'callscopeBands',
      beforeDatasetsDraw(chart) {
        const { ctx, chartArea: area, scales } = chart;
        const y = scales.y;
        if (y === undefined) return;
        ctx.save();
        ctx.globalAlpha = 0.1;
        for (const band of overlayRef.current.bands) {
          const top = y.getPixelForValue(Math.min(band.to, y.max));
          const bottom = y.getPixelForValue(Math.max(band.from, y.min));
          if (!(bottom > top)) continue;
          ctx.fillStyle = theme().levels[band.level] ?? '#888';
          ctx.fillRect(
            area.left,
            Math.max(area.top, top),
            area.right - area.left,
            Math.min(area.bottom, bottom) - Math.max(area.top, top),
          );
        }
        ctx.restore();
      },
    };
    const markers: Plugin<'line'> = {
      id: 'callscopeMarkers',
      afterDatasetsDraw(chart) {
        const { ctx, chartArea: area, scales } = chart;
        const x = scales.x;
        if (x === undefined) return;
        const overlay = overlayRef.current;
        const t = theme();
        ctx.save();
        const strip = (spans: Range[], color: string, offset: number, alpha: number) => {
          for (const span of spans) {
            const left = Math.max(area.left, x.getPixelForValue(span.min));
            const right = Math.min(area.right, x.getPixelForValue(span.max));
            if (right <= left) continue;
            ctx.globalAlpha = alpha;
            ctx.fillStyle = color;
            ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
            ctx.globalAlpha = 1;
            ctx.fillRect(left, area.bottom - offset - 4, Math.max(1, right - left), 4);
          }
        };
        strip(overlay.silence, t.silence, 5, 0.08);
        strip(overlay.captureLoss, t.captureLoss, 0, 0.12);
        ctx.globalAlpha = 1;
        ctx.lineWidth = 1;
        ctx.font = '10px system-ui, sans-serif';
        ctx.textBaseline = 'top';
        for (const event of overlay.events) {
          const px = x.getPixelForValue(event.x);
          if (px < area.left - 0.5 || px > area.right + 0.5) continue;
          ctx.strokeStyle = event.color;
          ctx.fillStyle = event.color;
          ctx.setLineDash(event.kind === 'codec' ? [2, 2] : [5, 3]);
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          const glyph = event.kind === 'start' ? '▶' : event.kind === 'end' ? '■' : 'PT';
          const width = ctx.measureText(glyph).width;
          ctx.fillText(glyph, Math.min(area.right - width, px + 2), area.top + 1);
        }
        ctx.restore();
      },
    };

    const t = theme();
    const config: ChartConfiguration<'line', XY[]> = {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear',
            ticks: { color: t.muted, maxRotation: 0, callback: (value) => duration(Number(value)) },
            grid: { color: t.grid },
          },
          y: { type: 'linear', ticks: { color: t.muted }, grid: { color: t.grid } },
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: { color: t.fg, boxWidth: 12, boxHeight: 2, font: { size: 11 } },
          },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] === undefined ? '' : duration(items[0].parsed.x)),
            },
          },
        },
      },
      plugins: [background, bands, markers],
    };
    const chart = new Chart<'line', XY[]>(canvas, config);
    chartRef.current = chart;

    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => {
      const next = readTheme(canvas);
      themeRef.current = next;
      const scales = chart.options.scales;
      for (const axis of [scales?.x, scales?.y]) {
        if (axis === undefined) continue;
        if (axis.ticks) axis.ticks.color = next.muted;
        if (axis.grid) axis.grid.color = next.grid;
      }
      const legend = chart.options.plugins?.legend?.labels;
      if (legend) legend.color = next.fg;
      chart.update('none');
    };
    scheme.addEventListener('change', onScheme);
    return () => {
      scheme.removeEventListener('change', onScheme);
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  // In place, once per state change (at most once a second from the engine).
  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null) return;
    overlayRef.current = view.overlay;
    chart.data.datasets = view.datasets;
    const info = metricInfo(metric);
    const scales = chart.options.scales;
    if (scales?.x) {
      scales.x.min = range.min;
      scales.x.max = range.max;
    }
    if (scales?.y) {
      const axis = yAxisOf(metric, thresholds);
      Object.assign(scales.y, { min: axis.min, max: axis.max, suggestedMax: axis.suggestedMax });
      scales.y.title = {
        display: true,
        text: info.unit ? `${info.label} (${info.unit})` : info.label,
        color: themeRef.current?.muted ?? '#888',
      };
    }
    const tooltip = chart.options.plugins?.tooltip;
    if (tooltip?.callbacks) {
      tooltip.callbacks.label = (item) =>
        `${item.dataset.label ?? ''}: ${fixed(item.parsed.y, metric === 'mos' ? 2 : metric === 'rttMs' ? 1 : 2)}${info.unit ? ` ${info.unit}` : ''}`;
    }
    chart.update('none');
  }, [view, range, metric, thresholds]);

  const exportPng = () => {
    const chart = chartRef.current;
    if (chart === null) return;
    const url = chart.toBase64Image('image/png', 1);
    setPng(url);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'callscope-timeline.png';
    link.click();
  };

  const span = extent === null ? 0 : extent.max - Math.max(0, extent.min);
  const scrollable = extent !== null && windowSeconds !== null && span > windowSeconds;
  const sliderMin = extent === null || windowSeconds === null ? 0 : Math.max(0, extent.min) + windowSeconds;
  const sliderMax = extent?.max ?? 0;

  return (
    <section className="timeline panel" aria-label="Timeline">
      <div className="toolbar">
        <label className="field">
          <span>Plot</span>
          <select
            data-testid="timeline-metric"
            value={metric}
            onChange={(event) => setMetric(event.target.value as TimelineMetric)}
          >
            {TIMELINE_METRICS.map((m) => (
              <option key={m.metric} value={m.metric}>
                {m.unit ? `${m.label} (${m.unit})` : m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Window</span>
          <select
            data-testid="timeline-window"
            value={windowChoice === 'auto' ? 'auto' : String(windowChoice)}
            onChange={(event) => {
              const value = event.target.value;
              setWindowChoice(value === 'auto' ? 'auto' : value === 'null' ? null : Number(value));
              setEnd(null);
            }}
          >
            <option value="auto">Auto ({isLive ? '5 min' : 'all'})</option>
            {WINDOW_CHOICES.map((choice) => (
              <option key={choice.label} value={String(choice.seconds)}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <input
          className="grow"
          data-testid="timeline-scroll"
          type="range"
          aria-label="Scroll the timeline"
          min={sliderMin}
          max={Math.max(sliderMin, sliderMax)}
          step={1}
          value={end === null ? sliderMax : Math.min(sliderMax, Math.max(sliderMin, end))}
          disabled={!scrollable}
          onChange={(event) => {
            const value = Number(event.target.value);
            setEnd(value >= sliderMax - 0.5 ? null : value);
          }}
        />
        <span className="num muted" data-testid="timeline-range">
          {duration(range.min)}–{duration(range.max)}
        </span>
        {end !== null ? (
          <button type="button" onClick={() => setEnd(null)} title="Follow the newest second">
            {isLive ? 'Follow' : 'End'}
          </button>
        ) : null}
        <button
          type="button"
          data-testid="timeline-export"
          onClick={exportPng}
          disabled={series.length === 0}
        >
          Export PNG
        </button>
        {png !== null ? (
          <a data-testid="timeline-png" href={png} download="callscope-timeline.png">
            timeline.png
          </a>
        ) : null}
      </div>
      <div
        ref={wrapperRef}
        className="chart-wrap"
        data-testid="timeline"
        data-points={view.drawn}
        data-series={series.length}
        data-metric={metric}
        data-min={range.min}
        data-max={range.max}
      >
        <canvas
          ref={canvasRef}
          aria-label={`${metricInfo(metric).label} per second of the selected streams`}
          role="img"
        />
        {series.length === 0 ? (
          <p className="chart-placeholder">Select streams to plot them (Ctrl+click adds up to 10).</p>
        ) : null}
      </div>
      <div className="legend-extra muted">
        <span>┆ start ▶ / end ■</span>
        <span>┆ PT: codec change</span>
        <span className="key-capture-loss">▬ capture loss</span>
        <span className="key-silence">▬ silence held</span>
        <span>bands: {thresholdsLabel(metric, thresholds)}</span>
      </div>
    </section>
  );
}

function thresholdsLabel(metric: TimelineMetric, thresholds: Readonly<Thresholds>): string {
  const b = thresholds[metric];
  return `${b.good} / ${b.warning} / ${b.fair} / ${b.poor}`;
}
