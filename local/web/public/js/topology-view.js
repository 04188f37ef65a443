import { s, replace, rate, duration } from './dom.js';

const NODE_W = 156;
const NODE_H = 46;
const COL_W = 196;
const ROW_H = 66;
const PAD = 16;

/**
 * Draws the topology as SVG: one column per rank, a lane per consumer (its DLQs on a row below), producers
 * and buses on top. update() rewrites only the labels' text, so a live tick costs no layout.
 */
export function createTopologyView(container, topology) {
  const lanes = ['', ...topology.consumers];
  const position = new Map();
  let y = PAD;
  const laneTops = [];
  for (const lane of lanes) {
    const members = topology.nodes.filter((n) => (n.consumer ?? '') === lane && n.kind !== 'bus');
    const main = members.filter((n) => n.kind !== 'dlq');
    const dlqs = members.filter((n) => n.kind === 'dlq');
    const rowsAt = new Map();
    for (const node of main.sort((a, b) => a.id.localeCompare(b.id))) {
      const row = rowsAt.get(node.rank) ?? 0;
      rowsAt.set(node.rank, row + 1);
      position.set(node.id, { x: PAD + node.rank * COL_W, y: y + row * ROW_H });
    }
    const mainRows = Math.max(1, ...rowsAt.values());
    const dlqRowsAt = new Map();
    for (const node of dlqs.sort((a, b) => a.id.localeCompare(b.id))) {
      const row = dlqRowsAt.get(node.rank) ?? 0;
      dlqRowsAt.set(node.rank, row + 1);
      position.set(node.id, { x: PAD + node.rank * COL_W, y: y + (mainRows + row) * ROW_H });
    }
    const dlqRows = dlqs.length === 0 ? 0 : Math.max(...dlqRowsAt.values());
    laneTops.push({ lane, y, height: (mainRows + dlqRows) * ROW_H });
    y += (mainRows + dlqRows) * ROW_H + 12;
  }
  const buses = topology.nodes.filter((n) => n.kind === 'bus');
  buses.forEach((bus, i) => {
    const consumerLanes = laneTops.slice(1);
    const top = consumerLanes.length > 0 ? consumerLanes[0].y : PAD;
    const bottom = consumerLanes.length > 0 ? consumerLanes.at(-1).y + consumerLanes.at(-1).height : PAD + ROW_H;
    position.set(bus.id, { x: PAD + bus.rank * COL_W, y: (top + bottom) / 2 - NODE_H / 2 + i * ROW_H });
  });
  const width = PAD * 2 + (Math.max(0, ...topology.nodes.map((n) => n.rank)) + 1) * COL_W;
  const height = y + PAD;

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'topology-svg-title', class: 'topology' });
  svg.append(s('title', { id: 'topology-svg-title' }, `Topology: ${topology.nodes.length} resources, ${topology.consumers.length} consumers`));
  svg.append(
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))),
  );
  for (const lane of laneTops.slice(1)) {
    svg.append(s('rect', { x: 2, y: lane.y - 6, width: width - 4, height: lane.height, rx: 8, class: 'lane' }));
    svg.append(s('text', { x: 8, y: lane.y + 8, class: 'lane-label' }, lane.lane));
  }
  const edgeLabels = new Map();
  const edgeLayer = s('g', { class: 'edges' });
  for (const edge of topology.edges) {
    const a = position.get(edge.from);
    const b = position.get(edge.to);
    if (a === undefined || b === undefined) continue;
    let x1 = a.x + NODE_W;
    let y1 = a.y + NODE_H / 2;
    let x2 = b.x;
    let y2 = b.y + NODE_H / 2;
    if (edge.kind === 'dead-letter' && b.x <= a.x + NODE_W) {
      // Straight down-right into a DLQ below.
      x1 = a.x + NODE_W / 2;
      y1 = a.y + NODE_H;
      x2 = b.x + NODE_W / 2;
      y2 = b.y;
    }
    const mx = (x1 + x2) / 2;
    const path = edge.kind === 'dead-letter' && x2 <= x1 + 40 ? `M ${x1} ${y1} L ${x2} ${y2}` : `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`;
    const label = s('text', { x: mx, y: (y1 + y2) / 2 - 4, class: 'edge-label', 'text-anchor': 'middle' }, '');
    edgeLayer.append(
      s('g', { class: `edge ${edge.kind}`, 'data-edge': edge.id }, s('title', {}, `${edge.kind}: ${edge.from} → ${edge.to}`), s('path', { d: path, 'marker-end': 'url(#arrow)' }), label),
    );
    edgeLabels.set(edge.id, label);
  }
  svg.append(edgeLayer);
  const nodeFigures = new Map();
  for (const node of topology.nodes) {
    const p = position.get(node.id);
    if (p === undefined) continue;
    // A schedule has no live figure: it says what it is (its label is the expression).
    const figure = s('text', { x: p.x + 8, y: p.y + 36, class: 'node-figure' }, node.kind === 'schedule' ? 'schedule' : '');
    svg.append(
      s(
        'g',
        { class: `node ${node.kind}`, 'data-node': node.id },
        s('title', {}, `${node.kind}: ${node.label}`),
        s('rect', { x: p.x, y: p.y, width: NODE_W, height: node.kind === 'bus' ? NODE_H + 10 : NODE_H, rx: node.kind === 'function' ? 14 : 5 }),
        s('text', { x: p.x + 8, y: p.y + 17, class: 'node-label' }, shortLabel(node)),
        figure,
      ),
    );
    nodeFigures.set(node.id, figure);
  }
  replace(container, svg);

  return {
    update(snapshot) {
      for (const [id, label] of edgeLabels) {
        const value = snapshot.edges[id] ?? 0;
        label.textContent = rate(value);
        label.classList.toggle('active', value > 0);
      }
      for (const [id, figure] of nodeFigures) {
        const f = snapshot.nodes[id];
        if (f === undefined) continue;
        const node = topology.nodes.find((n) => n.id === id);
        figure.textContent =
          node.kind === 'function' ? `${f.backlog} in flight` : node.kind === 'bus' ? '' : `${f.backlog} waiting${f.backlog > 0 ? ` · ${duration(f.oldestAgeSeconds ?? 0)}` : ''}`;
        figure.parentNode.classList.toggle('busy', f.backlog > 0);
      }
    },
  };
}

/** CDK names are long: a role-like short form, the full name stays in the tooltip. */
function shortLabel(node) {
  if (node.kind === 'bus') return `bus ${node.label}`;
  if (node.kind === 'rule' || node.kind === 'producer' || node.kind === 'schedule') return node.label;
  let name = node.label.replace(/\.fifo$/, '');
  name = name.replace(/[A-F0-9]{8}(-[A-Za-z0-9]+)?$/, '');
  name = name.replace(/^EventRouter/, '').replace(/^[A-Za-z]+Stack-?/, '');
  if (node.consumer) name = name.replace(new RegExp(node.consumer, 'ig'), '').replace(/^-?Consumer(?=[A-Z])/, '');
  name = name.replace(/^[-_]+|[-_]+$/g, '');
  const text = `${node.kind === 'dlq' ? 'DLQ ' : ''}${name || node.label}`;
  return text.length > 22 ? `${text.slice(0, 21)}…` : text;
}
