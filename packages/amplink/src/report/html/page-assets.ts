/** The report page's only style and script, inlined so the page is one file. */

export const PAGE_STYLE = `
:root { --ok: #1a7f37; --planned: #0969da; --broken: #cf222e; --muted: #57606a; --line: #d0d7de; --unknown: #9a6700; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1400px; padding: 16px 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: var(--muted); margin: 0; word-break: break-all; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card.bad { border-color: var(--broken); }
.card-title { color: var(--muted); font-size: 12px; text-transform: uppercase; }
.card-value { font-size: 20px; font-weight: 600; } .card-detail { color: var(--muted); font-size: 12px; }
.legend { color: var(--muted); margin: 4px 0 8px; } .legend .key { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.swatch.ok { background: var(--ok); } .swatch.planned { background: var(--planned); } .swatch.broken { background: var(--broken); }
.swatch.unknown { background: var(--unknown); }
.drawing { overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 4px; }
svg.topology { font: 12px system-ui, sans-serif; display: block; max-width: 100%; height: auto; }
.node rect { fill: #fff; stroke-width: 1.5; } .node .title { font-weight: 600; } .node .detail, .node .kind { fill: var(--muted); font-size: 11px; }
.state-ok > rect.frame { stroke: var(--ok); }
.state-planned > rect.frame { stroke: var(--planned); stroke-dasharray: 5 3; }
.state-broken > rect.frame { stroke: var(--broken); fill: #fff5f5; }
.state-unknown > rect.frame { stroke: var(--unknown); }
.node.ampls rect { fill: #eef6ff; stroke-width: 2.5; } .node.ampls .title { font-size: 14px; }
.node.fleet rect { fill: #f6f8fa; }
.edge path { fill: none; stroke-width: 1.3; } .edge text { font-size: 11px; fill: var(--muted); }
.edge.state-ok path { stroke: #8c959f; } .edge.state-planned path { stroke: var(--planned); stroke-dasharray: 5 3; }
.edge.state-broken path { stroke: var(--broken); }
.arrowhead { fill: #8c959f; }
.regions-heading { font-weight: 600; fill: var(--muted); }
.region-card .frame { fill: #fff; stroke-width: 1.5; }
.region-card .region-name { font-weight: 600; } .region-card .region-count { fill: var(--muted); }
.region-card .region-states, .region-card .region-dces { font-size: 11px; fill: var(--muted); } .region-card.state-broken .region-states { fill: var(--broken); }
.region-card .bar { fill: #eaeef2; } .bar-ok { fill: var(--ok); } .bar-planned { fill: var(--planned); } .bar-broken { fill: var(--broken); }
.bar-unknown { fill: var(--unknown); } .bar-fixed { fill: url(#stripes-fixed); }
.swatch.fixed { background: repeating-linear-gradient(45deg, var(--broken) 0 3px, var(--planned) 3px 6px); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { cursor: pointer; user-select: none; position: sticky; top: 0; background: #fff; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev-error, .signal-broken, .outcome-failed { color: var(--broken); font-weight: 600; }
.sev-warning, .signal-unknown { color: #9a6700; } .signal-ok, .outcome-done { color: var(--ok); }
.count { color: var(--muted); font-weight: normal; font-size: 13px; } .empty { color: var(--muted); }
`;

// Sorts a table by the clicked column; numbers as numbers. Kept tiny and dependency-free on purpose.
export const PAGE_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const headers = [...table.tHead.rows[0].cells];
  const sortBy = (th) => {
    const column = Number(th.dataset.column);
    const ascending = th.getAttribute('aria-sort') !== 'ascending';
    for (const other of headers) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const body = table.tBodies[0];
    const key = (row) => row.cells[column].textContent;
    const numeric = [...body.rows].every((row) => row.cells[column].classList.contains('num'));
    const rows = [...body.rows].sort((a, b) => {
      const order = numeric ? Number(key(a)) - Number(key(b)) : key(a).localeCompare(key(b), undefined, { numeric: true });
      return ascending ? order : -order;
    });
    body.append(...rows);
  };
  for (const th of headers) {
    th.addEventListener('click', () => sortBy(th));
    th.addEventListener('keydown', (event) => { if (event.key === 'Enter') sortBy(th); });
  }
}
`;
