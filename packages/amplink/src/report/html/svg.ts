import { escapeHtml } from './escape-html.js';
import type { Drawing, PlacedCard, PlacedEdge, PlacedNode } from './layout.js';
import { CLUSTER_STATES, clusterStatesText, type NodeState } from './report-model.js';

const KIND_LABEL: Record<PlacedNode['node']['kind'], string> = {
  fleet: 'clusters',
  'configuration-dce': 'DCE',
  'ingestion-dce': 'DCE',
  'monitor-workspace': 'AMW',
  'log-analytics': 'LAW',
  ampls: 'AMPLS',
  'private-endpoint': 'PE',
};

/** The laid-out topology as inline SVG: plain shapes and text, styled by the page's CSS classes. */
export function drawingSvg(drawing: Drawing): string {
  const margin = 8;
  const width = Math.ceil(drawing.width + 2 * margin);
  const height = Math.ceil(drawing.height + 2 * margin);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" role="img" aria-label="Topology: clusters by region, DCEs, workspaces, the AMPLS and its private endpoints" viewBox="${-margin} ${-margin} ${width} ${height}" width="${width}" height="${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>' +
      // Broken now and fixed by the plan: the plan's blue striped with red.
      '<pattern id="stripes-fixed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="bar-planned"/><rect width="3" height="6" class="bar-broken"/></pattern></defs>',
  ];
  for (const edge of drawing.edges) parts.push(edgeSvg(edge));
  for (const node of drawing.nodes) parts.push(nodeSvg(node));
  if (drawing.cards.length > 0) {
    const { x, y } = drawing.regionsHeading;
    const regions = drawing.cards.length;
    parts.push(
      `<text class="regions-heading" x="${x}" y="${y}">Clusters by region (${regions} region${regions === 1 ? '' : 's'})</text>`,
    );
  }
  for (const card of drawing.cards) parts.push(cardSvg(card));
  parts.push('</svg>');
  return parts.join('\n');
}

function nodeSvg({ node, x, y, width, height }: PlacedNode): string {
  return (
    `<g class="node ${node.kind} state-${node.state}" data-node="${escapeHtml(node.id)}">` +
    `<title>${escapeHtml(`${node.title}: ${node.detail.join('; ')}`)}</title>` +
    `<rect class="frame" x="${x}" y="${y}" width="${width}" height="${height}" rx="4"/>` +
    `<text class="kind" x="${x + width - 6}" y="${y + 13}" text-anchor="end">${KIND_LABEL[node.kind]}</text>` +
    `<text class="title" x="${x + 8}" y="${y + 18}">${escapeHtml(node.title)}</text>` +
    node.detail
      .map((line, i) => `<text class="detail" x="${x + 8}" y="${y + 35 + i * 15}">${escapeHtml(line)}</text>`)
      .join('') +
    '</g>'
  );
}

/** A region: its name and cluster count, a bar of its clusters by state, the states in words, its DCEs. */
function cardSvg({ card, x, y, width, height }: PlacedCard): string {
  const pad = 8;
  const barWidth = width - 2 * pad;
  let offset = x + pad;
  const segments = CLUSTER_STATES.filter((state) => card.states[state] > 0).map((state) => {
    const w = (card.states[state] / card.clusters) * barWidth;
    const segment = `<rect class="bar-${state}" x="${offset.toFixed(1)}" y="${y + 25}" width="${w.toFixed(1)}" height="8"/>`;
    offset += w;
    return segment;
  });
  const statesText = clusterStatesText(card.states);
  const dces = dceText(card.configurationDces);
  const changes = card.changes > 0 ? `${card.changes.toLocaleString('en-US')} changes` : 'no changes';
  return (
    `<g class="region-card state-${card.state}" data-region="${escapeHtml(card.region)}">` +
    `<title>${escapeHtml(
      `${card.region}: ${card.clusters} clusters (${statesText}${card.arc > 0 ? `; ${card.arc} Arc` : ''}); ${dces}; ${changes} planned`,
    )}</title>` +
    `<rect class="frame" x="${x}" y="${y}" width="${width}" height="${height}" rx="5"/>` +
    `<text class="region-name" x="${x + pad}" y="${y + 17}">${escapeHtml(card.region)}</text>` +
    `<text class="region-count" x="${x + width - pad}" y="${y + 17}" text-anchor="end">${card.clusters.toLocaleString('en-US')}</text>` +
    `<rect class="bar" x="${x + pad}" y="${y + 25}" width="${barWidth}" height="8"/>${segments.join('')}` +
    `<text class="region-states" x="${x + pad}" y="${y + 50}">${escapeHtml(statesText)}</text>` +
    `<text class="region-dces" x="${x + pad}" y="${y + 66}">${escapeHtml(dces)}</text></g>`
  );
}

/** "config DCE linked", "config DCE planned", "3 config DCEs: 1 not linked", "no config DCE". */
function dceText(states: Record<NodeState, number>): string {
  const total = states.ok + states.planned + states.broken;
  if (total === 0) return 'no config DCE';
  const words: Record<NodeState, string> = { ok: 'linked', planned: 'planned', broken: 'not linked' };
  const shown = (['broken', 'planned', 'ok'] as const).filter((s) => states[s] > 0);
  if (total === 1) return `config DCE ${words[shown[0] ?? 'ok']}`;
  return `${total} config DCEs: ${shown.map((s) => `${states[s]} ${words[s]}`).join(', ')}`;
}

function edgeSvg({ edge, points, label }: PlacedEdge): string {
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
  return (
    `<g class="edge state-${edge.state}"><path d="${path}" marker-end="url(#arrow)"/>` +
    (label ? `<text x="${label.x}" y="${label.y + label.height - 3}">${escapeHtml(edge.label)}</text>` : '') +
    '</g>'
  );
}
