// elkjs is CommonJS; its constructor is also its own `default`, the one name TypeScript and Node agree on.
import elk from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode, ReportGraph } from './report-model.js';

/** A node or region box with absolute coordinates, ready to draw. */
export interface PlacedBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode extends PlacedBox {
  node: GraphNode;
}

export interface PlacedRegion extends PlacedBox {
  region: string;
}

export interface PlacedEdge {
  edge: GraphEdge;
  points: { x: number; y: number }[];
  label?: PlacedBox;
}

export interface Drawing {
  width: number;
  height: number;
  regions: PlacedRegion[];
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

// Text is measured by character count: the page uses a fixed 12px system font, whose average advance is about 7px.
const CHAR_WIDTH = 7;
const NODE_HEIGHT = 44;
const LABEL_HEIGHT = 14;

/**
 * Lays the graph out with ELK's layered algorithm, clusters on the left and the AMPLS on the right, region boxes
 * around what lives in each region. The layout runs at report time, so the page needs no script to draw.
 */
export async function layoutReportGraph(graph: ReportGraph): Promise<Drawing> {
  const nodeById = new Map<string, GraphNode>();
  const sized = (node: GraphNode): ElkNode => {
    nodeById.set(node.id, node);
    return { id: node.id, width: nodeWidth(node), height: NODE_HEIGHT };
  };
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '18',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: [
      ...graph.regions.map((group): ElkNode => ({
        id: `region:${group.region}`,
        layoutOptions: { 'elk.padding': '[top=26,left=12,bottom=12,right=12]' },
        children: group.nodes.map(sized),
      })),
      ...graph.globalNodes.map(sized),
    ],
    edges: graph.edges
      .filter((edge) => nodeById.has(edge.source) && nodeById.has(edge.target))
      .map((edge): ElkExtendedEdge => ({
        id: edge.id,
        sources: [edge.source],
        targets: [edge.target],
        labels: [{ text: edge.label, width: edge.label.length * (CHAR_WIDTH - 1), height: LABEL_HEIGHT }],
      })),
  };
  const laid = await new elk.default().layout(root);
  const drawing: Drawing = { width: laid.width ?? 0, height: laid.height ?? 0, regions: [], nodes: [], edges: [] };
  const offsets = new Map<string, { x: number; y: number }>([['root', { x: 0, y: 0 }]]);
  for (const child of laid.children ?? []) {
    const x = child.x ?? 0;
    const y = child.y ?? 0;
    offsets.set(child.id, { x, y });
    if (child.id.startsWith('region:')) {
      drawing.regions.push({
        region: child.id.slice('region:'.length),
        x,
        y,
        width: child.width ?? 0,
        height: child.height ?? 0,
      });
      for (const inner of child.children ?? []) placeNode(drawing, inner, x, y, nodeById);
    } else placeNode(drawing, child, 0, 0, nodeById);
  }
  const edgeById = new Map(graph.edges.map((edge) => [edge.id, edge]));
  for (const laidEdge of laid.edges ?? []) {
    const edge = edgeById.get(laidEdge.id);
    const section = laidEdge.sections?.[0];
    if (edge === undefined || section === undefined) continue;
    // Coordinates of an edge are relative to the node ELK reports as its container.
    const offset = offsets.get((laidEdge as { container?: string }).container ?? 'root') ?? { x: 0, y: 0 };
    const shift = (p: { x: number; y: number }) => ({ x: p.x + offset.x, y: p.y + offset.y });
    const label = laidEdge.labels?.[0];
    drawing.edges.push({
      edge,
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(shift),
      ...(label?.x !== undefined &&
        label.y !== undefined && {
          label: { ...shift({ x: label.x, y: label.y }), width: label.width ?? 0, height: label.height ?? 0 },
        }),
    });
  }
  return drawing;
}

// The title shares its line with the kind label (up to 8 characters, right-aligned).
function nodeWidth(node: GraphNode): number {
  return Math.max(120, Math.max(node.title.length + 8, node.detail.length) * CHAR_WIDTH + 24);
}

// ELK returns the graph it was given, so every node it places is one of ours; anything else is not drawn.
function placeNode(drawing: Drawing, laid: ElkNode, dx: number, dy: number, nodes: Map<string, GraphNode>): void {
  const node = nodes.get(laid.id);
  if (node === undefined) return;
  drawing.nodes.push({
    node,
    x: (laid.x ?? 0) + dx,
    y: (laid.y ?? 0) + dy,
    width: laid.width ?? 0,
    height: laid.height ?? 0,
  });
}
