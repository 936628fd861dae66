import type { ItemDetail, ItemLink } from '../../src/platform/console/types.js';
import { go, href } from './router.js';

const KIND_COLOUR: Record<string, string> = { indicator: '#2f6fdf', group: '#d9480f', victim: '#2b8a3e' };
const MAX_NODES = 24;

const short = (s: string, n = 26) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The item in the middle and its associations around it; clicking a node opens that item (victims have no page
 * here). Drawn as plain SVG: a star of at most a few dozen nodes needs no layout library.
 */
export function AssociationGraph({ item }: { item: ItemDetail }) {
  const links = item.associations.slice(0, MAX_NODES);
  const w = 640;
  const h = links.length > 12 ? 420 : 320;
  const cx = w / 2;
  const cy = h / 2;
  const r = Math.min(w, h) / 2 - 40;
  const at = (i: number) => {
    const a = (2 * Math.PI * i) / Math.max(links.length, 1) - Math.PI / 2;
    return { x: cx + r * Math.cos(a) * 1.35, y: cy + r * Math.sin(a) };
  };
  const open = (l: ItemLink) => {
    if (l.kind !== 'victim') go(href('item', [l.kind, l.id]));
  };
  return (
    <svg class="graph" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label="associations" data-testid="graph">
      {links.map((l, i) => {
        const p = at(i);
        return <line key={`e${i}`} x1={cx} y1={cy} x2={p.x} y2={p.y} class="edge" />;
      })}
      {links.map((l, i) => {
        const p = at(i);
        return (
          <g
            key={`n${l.kind}${l.id}`}
            class={`node ${l.kind === 'victim' ? '' : 'link'}`}
            onClick={() => open(l)}
            data-testid="graph-node"
            data-kind={l.kind}
            data-id={l.id}
          >
            <title>{`${l.type}: ${l.summary} (${l.owner})${l.association ? ` — ${l.association}` : ''}`}</title>
            <circle cx={p.x} cy={p.y} r={9} fill={KIND_COLOUR[l.kind]} />
            <text x={p.x} y={p.y + 22} text-anchor="middle">
              {short(l.summary)}
            </text>
          </g>
        );
      })}
      <g class="node centre">
        <circle cx={cx} cy={cy} r={14} fill={KIND_COLOUR[item.kind]} />
        <text x={cx} y={cy - 22} text-anchor="middle" class="centre-label">
          {short(item.summary, 40)}
        </text>
      </g>
    </svg>
  );
}
