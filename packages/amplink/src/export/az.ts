import type { Plan } from '../plan/types.js';
import {
  ARTICLE_CORRECTIONS,
  describe,
  describeRuleUpdate,
  emptyPlanNote,
  exportActions,
  headerLines,
  lastSegment,
  ruleUpdates,
  type ExportAction,
  type RuleUpdate,
} from './actions.js';
import { azArgument, bashInsideDoubleQuotes, bashSingleQuoted } from './escape.js';
import { CodeWriter } from './writer.js';
import { shortLabel } from './actions.js';

/** A line printed as it is: printf, since echo may read backslashes in a name as escapes (xpg_echo, other shells). */
function say(text: string): string {
  return `printf '%s\\n' ${bashSingleQuoted(text)}`;
}

/** The URL of a resource under the active cloud's resource-manager endpoint (`$arm`), as a double-quoted word. */
function armUrl(id: string, apiVersion: string): string {
  return `"\${arm%/}${bashInsideDoubleQuotes(id)}?api-version=${bashInsideDoubleQuotes(apiVersion)}"`;
}

const HEADER_WHY = [
  'Requires Azure CLI 2.45 or later, no extension, signed in (`az login`) with the permissions the plan lists.',
  "Why `az rest` for DCEs and associations: Azure CLI 2.45 has no `az monitor data-collection` commands (older versions need the monitor-control-service extension for them), so the script PUTs the ARM bodies with explicit api-versions. The URL host is the active cloud's resource-manager endpoint (`az cloud show`), so the script also works in sovereign clouds and against the amplink emulator.",
  'AMPLS links use `az monitor private-link-scope scoped-resource create`, one after another (parallel writes to one AMPLS fail with 409).',
  "Firewall rule collection groups (with --firewall-rules) use `az rest` too: Azure CLI 2.45's `az network firewall` commands need the azure-firewall extension.",
  'Idempotent: each step reads first; it creates what is missing and re-points an association only when its DCE differs, so a second run writes nothing.',
].join('\n');

/** `if <already there>; then say so; else PUT the action's body to $url; fi` — what makes a second run write nothing. */
function putUnless(out: CodeWriter, alreadyThere: string, entry: ExportAction): void {
  out.line(`if ${alreadyThere}; then`);
  out.indent(() => out.line(say(`exists: ${shortLabel(entry)}`)));
  out.line('else');
  out.indent(() => {
    out.line(`az rest --method put --url "$url" --output none \\`);
    out.indent(() => out.line(`--body ${azArgument(JSON.stringify(entry.action.body))}`));
    out.line(say(`done:   ${shortLabel(entry)}`));
  });
  out.line('fi');
}

/** az rest does not poll a long-running PUT (private endpoints, DNS zones and links, the AMPLS): this does. */
const WAIT_SUCCEEDED = [
  'wait_succeeded() {',
  '  local state',
  '  for _ in $(seq 1 120); do',
  '    state="$(az rest --method get --url "$1" --query properties.provisioningState --output tsv)"',
  '    case "$state" in',
  '      Succeeded) return 0 ;;',
  `      Failed | Canceled) printf '%s\\n' "provisioning $state: $1" >&2; return 1 ;;`,
  '    esac',
  '    sleep 5',
  '  done',
  `  printf '%s\\n' "not Succeeded after 10 minutes: $1" >&2`,
  '  return 1',
  '}',
];

function writeAction(out: CodeWriter, entry: ExportAction, index: number, total: number): void {
  out.line();
  out.comment(`[${index + 1}/${total}] ${describe(entry)}`);
  if (entry.type === 'network') {
    // `az rest` for every network prerequisite: Azure CLI 2.45's network commands do not all take these bodies
    // (zone groups, links with tags), and its private-link-scope create has no access modes.
    out.line(`url=${armUrl(entry.id.id, entry.action.apiVersion)}`);
    out.line('if az rest --method get --url "$url" --output none 2>/dev/null; then');
    out.indent(() => out.line(say(`exists: ${shortLabel(entry)}`)));
    out.line('else');
    out.indent(() => {
      out.line(`az rest --method put --url "$url" --output none \\`);
      out.indent(() => out.line(`--body ${azArgument(JSON.stringify(entry.action.body))}`));
      out.line('wait_succeeded "$url"');
      out.line(say(`done:   ${shortLabel(entry)}`));
    });
    out.line('fi');
    return;
  }
  if (entry.type === 'endpoint') {
    out.line(`url=${armUrl(entry.id.id, entry.action.apiVersion)}`);
    putUnless(out, 'az rest --method get --url "$url" --output none 2>/dev/null', entry);
    return;
  }
  if (entry.type === 'association') {
    out.line(`url=${armUrl(entry.id.id, entry.action.apiVersion)}`);
    out.line(`endpoint=${bashSingleQuoted(entry.endpointId)}`);
    out.line(
      'current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv 2>/dev/null || true)"',
    );
    out.comment('ARM compares ids without regard to case.');
    putUnless(out, '[ "${current,,}" = "${endpoint,,}" ]', entry);
    return;
  }
  if (entry.type === 'firewall-rules') {
    writeFirewallRules(out, entry);
    return;
  }
  const where = [
    `--subscription ${azArgument(entry.scope.subscriptionId)}`,
    `--resource-group ${azArgument(entry.resourceGroup)}`,
    `--scope-name ${azArgument(entry.scope.name)}`,
    `--name ${azArgument(entry.name)}`,
  ];
  out.line(`if az monitor private-link-scope scoped-resource show ${where.join(' ')} --output none 2>/dev/null; then`);
  out.indent(() => out.line(say(`exists: ${shortLabel(entry)}`)));
  out.line('else');
  out.indent(() => {
    out.line('az monitor private-link-scope scoped-resource create \\');
    out.indent(() => {
      for (const part of where) out.line(`${part} \\`);
      out.line(`--linked-resource ${azArgument(entry.linkedResourceId)} --output none`);
    });
    out.line(say(`done:   ${shortLabel(entry)}`));
  });
  out.line('fi');
}

/**
 * amplink's rule collection group on a firewall policy, through `az rest`: Azure CLI 2.45's `az network firewall`
 * commands live in the azure-firewall extension. The script reads the group first and writes it only when its
 * priority or rules (names, sources, FQDNs: a JMESPath comparison with the planned ones) differ. A group PUT is
 * long-running: the script waits for provisioningState Succeeded before the next write to that policy.
 */
function writeFirewallRules(out: CodeWriter, entry: Extract<ExportAction, { type: 'firewall-rules' }>): void {
  const wanted = [
    entry.priority,
    entry.collection.rules.map((r) => ({
      name: r.name,
      sourceAddresses: r.sourceAddresses,
      targetFqdns: r.targetFqdns,
    })),
  ];
  const query = `[properties.priority, properties.ruleCollections[].rules[].{name: name, sourceAddresses: sourceAddresses, targetFqdns: targetFqdns}] == \`${JSON.stringify(wanted).replace(/`/g, '\\`')}\``;
  out.line(`url=${armUrl(entry.id.id, entry.action.apiVersion)}`);
  out.line('# shellcheck disable=SC2016 # the backticks delimit a JMESPath JSON literal, not a command');
  out.line(`same="$(az rest --method get --url "$url" --query ${azArgument(query)} --output tsv 2>/dev/null || true)"`);
  out.line('if [ "${same,,}" = "true" ]; then');
  out.indent(() => out.line(say(`exists: ${shortLabel(entry)}`)));
  out.line('else');
  out.indent(() => {
    out.line(`az rest --method put --url "$url" --output none \\`);
    out.indent(() => out.line(`--body ${azArgument(JSON.stringify(entry.action.body))}`));
    out.line('for _ in $(seq 1 120); do');
    out.indent(() => {
      out.line('state="$(az rest --method get --url "$url" --query properties.provisioningState --output tsv)"');
      out.line(
        'case "$state" in Succeeded) break ;; Failed | Canceled) echo "provisioningState $state: $url" >&2; exit 1 ;; esac',
      );
      out.line('sleep 5');
    });
    out.line('done');
    out.line(say(`done:   ${shortLabel(entry)}`));
  });
  out.line('fi');
}

/** A JMESPath raw string literal: only ' and \\ are special inside it. */
function jmesRawString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * A rule pointed at its shared DCE: read-modify-write of properties.dataCollectionEndpointId only. The etag is read
 * first, then the rule with that one property changed (JMESPath merge), and the PUT is conditional on the etag: a
 * change in between is refused with 412 and the script stops.
 */
function writeRuleUpdate(out: CodeWriter, entry: RuleUpdate, index: number, total: number): void {
  const label = `update rule ${entry.id.name} -> ${lastSegment(entry.endpointId)}`;
  out.line();
  out.comment(`[${index + 1}/${total}] ${describeRuleUpdate(entry)}`);
  out.line(`url=${armUrl(entry.id.id, entry.action.apiVersion)}`);
  out.line(`endpoint=${bashSingleQuoted(entry.endpointId)}`);
  out.line('current="$(az rest --method get --url "$url" --query properties.dataCollectionEndpointId --output tsv)"');
  out.line('if [ "${current,,}" = "${endpoint,,}" ]; then');
  out.indent(() => out.line(say(`exists: ${label}`)));
  out.line('else');
  out.indent(() => {
    out.line('etag="$(az rest --method get --url "$url" --query etag --output tsv)"');
    const query = `merge(@, {properties: merge(properties, {dataCollectionEndpointId: ${jmesRawString(entry.endpointId)}})})`;
    out.line(`body="$(az rest --method get --url "$url" --query ${azArgument(query)} --output json)"`);
    out.line('az rest --method put --url "$url" --headers "If-Match=$etag" --body "$body" --output none');
    out.line(say(`done:   ${label}`));
  });
  out.line('fi');
}

/** The plan as a bash script for Azure CLI (see HEADER_WHY). */
export function exportAz(plan: Plan): string {
  const out = new CodeWriter('#');
  out.line('#!/usr/bin/env bash');
  out.comment(headerLines(plan, 'az'));
  out.comment('');
  out.comment(HEADER_WHY);
  out.comment('');
  out.comment(ARTICLE_CORRECTIONS);
  out.line('set -euo pipefail');
  const actions = exportActions(plan);
  const rules = ruleUpdates(plan);
  const total = actions.length + rules.length;
  if (total === 0) {
    out.line();
    out.line(say(emptyPlanNote(plan)));
    return out.toString();
  }
  out.line();
  out.comment('The active cloud resource-manager endpoint, e.g. https://management.azure.com/.');
  out.line('arm="$(az cloud show --query endpoints.resourceManager --output tsv)"');
  if (actions.some((a) => a.type === 'network')) {
    out.line();
    out.comment('Waits for a long-running PUT to end (az rest returns as soon as Azure accepts it).');
    for (const line of WAIT_SUCCEEDED) out.line(line);
  }
  actions.forEach((entry, index) => writeAction(out, entry, index, total));
  rules.forEach((entry, index) => writeRuleUpdate(out, entry, actions.length + index, total));
  out.line();
  out.line(say(`amplink: ${total} action(s) checked for AMPLS ${plan.ampls.name}.`));
  return out.toString();
}
