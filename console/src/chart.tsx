import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Overview } from '../../src/platform/console/types.js';

const BUCKET_SECONDS = { minute: 60, hour: 3600, day: 86_400 } as const;
const COLOURS = ['#2f6fdf', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#1098ad', '#e67700', '#495057'];

/**
 * Running totals of items added per owner, one line each. The owners' buckets differ, so they are put on one time
 * axis and each total is carried forward (uPlot wants aligned series).
 */
export function IngestChart({ ingest }: { ingest: Overview['ingest'] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    // one empty bucket before the first and one after the last, so a single burst still shows as a rise
    const step = BUCKET_SECONDS[ingest.bucket];
    const seen = [...new Set(ingest.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
    const xs = [seen[0] - step, ...seen, seen[seen.length - 1] + step];
    const ys = ingest.series.map((s) => {
      const at = new Map(s.points);
      let last = 0;
      return xs.map((x) => (at.has(x) ? (last = at.get(x) as number) : last));
    });
    const plot = new uPlot(
      {
        width: box.current.clientWidth || 900,
        height: 220,
        series: [{}, ...ingest.series.map((s, i) => ({ label: s.owner, stroke: COLOURS[i % COLOURS.length], width: 2, paths: uPlot.paths.stepped?.({ align: 1 }) }))],
        axes: [{}, { label: 'items', size: 60 }],
        scales: { x: { time: true } },
        legend: { show: true },
      },
      [xs, ...ys] as uPlot.AlignedData,
      box.current,
    );
    return () => plot.destroy();
  }, [JSON.stringify(ingest)]);
  return <div class="chart" ref={box} data-testid="ingest-chart" />;
}
