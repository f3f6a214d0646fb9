// elkjs is CommonJS; its constructor is also its own `default`, the one name TypeScript and Node agree on.
import elk from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode, RegionCard, ReportGraph } from './report-model.js';

/** A node or card with absolute coordinates, ready to draw. */
export interface PlacedBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode extends PlacedBox {
  node: GraphNode;
}

export interface PlacedCard extends PlacedBox {
  card: RegionCard;
}

export interface PlacedEdge {
  edge: GraphEdge;
  points: { x: number; y: number }[];
  label?: PlacedBox;
}

export interface Drawing {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Where the region cards' heading goes, above the first row. */
  regionsHeading: { x: number; y: number };
  cards: PlacedCard[];
}

// Text is measured by character count: the page uses a fixed 12px system font, whose average advance is about 7px.
const CHAR_WIDTH = 7;
const DETAIL_CHAR_WIDTH = 6.2;
const NODE_HEIGHT = 44;
const DETAIL_LINE = 15;
const LABEL_HEIGHT = 14;
/** The grid of region cards: as wide as a 1280 px window shows without scaling the drawing down. */
export const CARD = { width: 190, height: 76, gap: 10, maxWidth: 1200 } as const;
const GRID_TOP = 40;

/**
 * The flow (fleet → DCEs and workspaces → AMPLS → private endpoints) is laid out by ELK's layered algorithm, left to
 * right; the region cards are a grid under it, as many columns as fit {@link CARD.maxWidth}. Both have a bounded
 * number of boxes, so the drawing's size is bounded whatever the fleet. The layout runs when the page is written, so
 * the page needs no script to draw.
 */
export async function layoutReportGraph(graph: ReportGraph): Promise<Drawing> {
  const nodeById = new Map(graph.nodes.map((node) => [node.id, node]));
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '24',
      'elk.layered.spacing.edgeNodeBetweenLayers': '12',
      'elk.spacing.edgeLabel': '3',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
      'elk.spacing.nodeNode': '16',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: graph.nodes.map((node) => ({ id: node.id, width: nodeWidth(node), height: nodeHeight(node) })),
    edges: graph.edges
      .filter((edge) => nodeById.has(edge.source) && nodeById.has(edge.target))
      .map((edge): ElkExtendedEdge => ({
        id: edge.id,
        sources: [edge.source],
        targets: [edge.target],
        labels:
          edge.label === ''
            ? []
            : [{ text: edge.label, width: Math.ceil(edge.label.length * DETAIL_CHAR_WIDTH), height: LABEL_HEIGHT }],
      })),
  };
  const laid = await new elk.default().layout(root);
  const flowHeight = graph.nodes.length > 0 ? (laid.height ?? 0) : 0;
  const drawing: Drawing = {
    width: laid.width ?? 0,
    height: flowHeight,
    nodes: [],
    edges: [],
    regionsHeading: { x: 0, y: flowHeight + GRID_TOP - 14 },
    cards: [],
  };
  for (const child of laid.children ?? []) {
    // ELK returns the graph it was given, so every node it places is one of ours; anything else is not drawn.
    const node = nodeById.get(child.id);
    if (node === undefined) continue;
    drawing.nodes.push({ node, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  }
  const edgeById = new Map(graph.edges.map((edge) => [edge.id, edge]));
  for (const laidEdge of laid.edges ?? []) {
    const edge = edgeById.get(laidEdge.id);
    const section = laidEdge.sections?.[0];
    if (edge === undefined || section === undefined) continue;
    const label = laidEdge.labels?.[0];
    drawing.edges.push({
      edge,
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
      ...(label?.x !== undefined &&
        label.y !== undefined && {
          label: { x: label.x, y: label.y, width: label.width ?? 0, height: label.height ?? 0 },
        }),
    });
  }

  const columns = Math.max(1, Math.floor((CARD.maxWidth + CARD.gap) / (CARD.width + CARD.gap)));
  graph.regions.forEach((card, i) => {
    drawing.cards.push({
      card,
      x: (i % columns) * (CARD.width + CARD.gap),
      y: flowHeight + GRID_TOP + Math.floor(i / columns) * (CARD.height + CARD.gap),
      width: CARD.width,
      height: CARD.height,
    });
  });
  const rows = Math.ceil(graph.regions.length / columns);
  const used = Math.min(columns, graph.regions.length);
  if (rows > 0) {
    drawing.width = Math.max(drawing.width, used * CARD.width + (used - 1) * CARD.gap);
    drawing.height = flowHeight + GRID_TOP + rows * CARD.height + (rows - 1) * CARD.gap;
  }
  return drawing;
}

// The title shares its line with the kind label (up to 8 characters, right-aligned); details are set at 11px.
function nodeWidth(node: GraphNode): number {
  const text = Math.max((node.title.length + 8) * CHAR_WIDTH, ...node.detail.map((d) => d.length * DETAIL_CHAR_WIDTH));
  return Math.max(120, Math.ceil(text) + 20);
}

function nodeHeight(node: GraphNode): number {
  return NODE_HEIGHT + Math.max(0, node.detail.length - 1) * DETAIL_LINE;
}
