import { escapeHtml } from './escape-html.js';
import type { Drawing, PlacedEdge, PlacedNode } from './layout.js';

const KIND_LABEL: Record<PlacedNode['node']['kind'], string> = {
  clusters: 'clusters',
  'configuration-dce': 'DCE',
  'ingestion-dces': 'DCEs',
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
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" role="img" aria-label="Topology: regions, clusters, endpoints, workspaces and the AMPLS" viewBox="${-margin} ${-margin} ${width} ${height}" width="${width}" height="${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
  ];
  for (const region of drawing.regions) {
    parts.push(
      `<g class="region" data-region="${escapeHtml(region.region)}"><rect x="${region.x}" y="${region.y}" width="${region.width}" height="${region.height}" rx="6"/>` +
        `<text x="${region.x + 10}" y="${region.y + 17}">${escapeHtml(region.region)}</text></g>`,
    );
  }
  for (const edge of drawing.edges) parts.push(edgeSvg(edge));
  for (const node of drawing.nodes) parts.push(nodeSvg(node));
  parts.push('</svg>');
  return parts.join('\n');
}

function nodeSvg({ node, x, y, width, height }: PlacedNode): string {
  return (
    `<g class="node ${node.kind} state-${node.state}" data-node="${escapeHtml(node.id)}">` +
    `<title>${escapeHtml(`${node.title}: ${node.detail}`)}</title>` +
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="4"/>` +
    `<text class="kind" x="${x + width - 6}" y="${y + 13}" text-anchor="end">${KIND_LABEL[node.kind]}</text>` +
    `<text class="title" x="${x + 8}" y="${y + 18}">${escapeHtml(node.title)}</text>` +
    `<text class="detail" x="${x + 8}" y="${y + 35}">${escapeHtml(node.detail)}</text></g>`
  );
}

function edgeSvg({ edge, points, label }: PlacedEdge): string {
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
  return (
    `<g class="edge state-${edge.state}"><path d="${path}" marker-end="url(#arrow)"/>` +
    (label ? `<text x="${label.x}" y="${label.y + label.height - 3}">${escapeHtml(edge.label)}</text>` : '') +
    '</g>'
  );
}
