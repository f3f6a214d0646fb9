import type { Plan } from '../plan/types.js';
import {
  ARTICLE_CORRECTIONS,
  describe,
  emptyPlanNote,
  exportActions,
  headerLines,
  type ExportAction,
} from './actions.js';
import { powerShellString } from './escape.js';
import { CodeWriter } from './writer.js';
import { shortLabel } from './actions.js';

/*
 * Cmdlets and parameter names, as the Az.Monitor help documents them (Azure/azure-powershell):
 * - New-AzDataCollectionEndpoint -Name -ResourceGroupName -SubscriptionId -Location -Description
 *   -NetworkAclsPublicNetworkAccess -Tag (src/Monitor/Monitor/help/New-AzDataCollectionEndpoint.md, CreateExpanded).
 * - New-AzDataCollectionRuleAssociation -AssociationName -ResourceUri -DataCollectionEndpointId -Description
 *   (src/Monitor/Monitor/help/New-AzDataCollectionRuleAssociation.md, CreateExpanded); it PUTs, so it also updates.
 * - New-AzInsightsPrivateLinkScopedResource -LinkedResourceId -ResourceGroupName -ScopeName -Name
 *   (src/Monitor/Monitor/help/New-AzInsightsPrivateLinkScopedResource.md, ByResourceNameParameterSet); it has no
 *   -SubscriptionId, so the script selects the AMPLS subscription with Set-AzContext -Subscription first.
 * - Get-AzInsightsPrivateLinkScopedResource -ResourceGroupName -ScopeName -Name, to skip links that exist.
 */
const HEADER = [
  'Requires PowerShell 7 with the Az.Accounts and Az.Monitor modules, signed in with Connect-AzAccount.',
  'DCEs and associations: New-AzDataCollectionEndpoint and New-AzDataCollectionRuleAssociation. AMPLS links: New-AzInsightsPrivateLinkScopedResource, one after another (parallel writes to one AMPLS fail with 409).',
].join('\n');

function hashtable(tags: Record<string, string>): string {
  const entries = Object.entries(tags).map(([key, value]) => `${powerShellString(key)} = ${powerShellString(value)}`);
  return `@{ ${entries.join('; ')} }`;
}

function call(out: CodeWriter, cmdlet: string, parameters: [string, string][]): void {
  out.line(`${cmdlet} \``);
  out.indent(() => {
    parameters.forEach(([name, value], index) => {
      const last = index === parameters.length - 1;
      out.line(`-${name} ${value}${last ? ' | Out-Null' : ' `'}`);
    });
  });
}

function writeAction(out: CodeWriter, entry: ExportAction, index: number, total: number): void {
  out.line();
  out.comment(`[${index + 1}/${total}] ${describe(entry)}`);
  if (entry.type === 'endpoint') {
    const parameters: [string, string][] = [
      ['SubscriptionId', powerShellString(entry.subscriptionId)],
      ['ResourceGroupName', powerShellString(entry.resourceGroup)],
      ['Name', powerShellString(entry.name)],
      ['Location', powerShellString(entry.location)],
    ];
    if (entry.description !== undefined) parameters.push(['Description', powerShellString(entry.description)]);
    if (entry.publicNetworkAccess !== undefined) {
      parameters.push(['NetworkAclsPublicNetworkAccess', powerShellString(entry.publicNetworkAccess)]);
    }
    if (Object.keys(entry.tags).length > 0) parameters.push(['Tag', hashtable(entry.tags)]);
    call(out, 'New-AzDataCollectionEndpoint', parameters);
  } else if (entry.type === 'association') {
    const parameters: [string, string][] = [
      ['AssociationName', powerShellString(entry.id.name)],
      ['ResourceUri', powerShellString(entry.cluster.id)],
      ['DataCollectionEndpointId', powerShellString(entry.endpointId)],
    ];
    if (entry.description !== undefined) parameters.push(['Description', powerShellString(entry.description)]);
    call(out, 'New-AzDataCollectionRuleAssociation', parameters);
  } else {
    const where = `-ResourceGroupName ${powerShellString(entry.resourceGroup)} -ScopeName ${powerShellString(entry.scope.name)} -Name ${powerShellString(entry.name)}`;
    out.line(`Set-AzContext -Subscription ${powerShellString(entry.scope.subscriptionId)} | Out-Null`);
    out.line(`if (Get-AzInsightsPrivateLinkScopedResource ${where} -ErrorAction SilentlyContinue) {`);
    out.indent(() => out.line(`Write-Output ${powerShellString(`exists: ${shortLabel(entry)}`)}`));
    out.line('} else {');
    out.indent(() => {
      call(out, 'New-AzInsightsPrivateLinkScopedResource', [
        ['ResourceGroupName', powerShellString(entry.resourceGroup)],
        ['ScopeName', powerShellString(entry.scope.name)],
        ['Name', powerShellString(entry.name)],
        ['LinkedResourceId', powerShellString(entry.linkedResourceId)],
      ]);
      out.line(`Write-Output ${powerShellString(`done:   ${shortLabel(entry)}`)}`);
    });
    out.line('}');
    return;
  }
  out.line(`Write-Output ${powerShellString(`done:   ${shortLabel(entry)}`)}`);
}

/** The plan as a PowerShell script with the Az module's cmdlets. */
export function exportPowerShell(plan: Plan): string {
  const out = new CodeWriter('#', '    ');
  out.comment(headerLines(plan, 'powershell'));
  out.comment('');
  out.comment(HEADER);
  out.comment('');
  out.comment(ARTICLE_CORRECTIONS);
  out.line('#Requires -Modules Az.Accounts, Az.Monitor');
  out.line("$ErrorActionPreference = 'Stop'");
  const actions = exportActions(plan);
  if (actions.length === 0) {
    out.line();
    out.line(`Write-Output ${powerShellString(emptyPlanNote(plan))}`);
    return out.toString();
  }
  actions.forEach((entry, index) => writeAction(out, entry, index, actions.length));
  return out.toString();
}
