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
  'Firewall rule collection groups (--firewall-rules): Invoke-AzRestMethod PUT with -WaitForCompletion (Az.Accounts 2.13 or later).',
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

/**
 * A network prerequisite through Invoke-AzRestMethod (Az.Accounts): the ARM body as the plan has it, created only when
 * a GET finds nothing, then polled until Azure has finished the long-running PUT.
 */
function writeNetworkAction(out: CodeWriter, entry: Extract<ExportAction, { type: 'network' }>): void {
  out.line(`$path = ${powerShellString(`${entry.id.id}?api-version=${entry.action.apiVersion}`)}`);
  out.line('if ((Invoke-AzRestMethod -Path $path -Method GET).StatusCode -eq 200) {');
  out.indent(() => out.line(`Write-Output ${powerShellString(`exists: ${shortLabel(entry)}`)}`));
  out.line('} else {');
  out.indent(() => {
    out.line(`$body = ${powerShellString(JSON.stringify(entry.action.body))}`);
    out.line('$write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body');
    out.line('if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }');
    out.line('do {');
    out.indent(() => {
      out.line('Start-Sleep -Seconds 2');
      out.line(
        '$state = ((Invoke-AzRestMethod -Path $path -Method GET).Content | ConvertFrom-Json -Depth 100).properties.provisioningState',
      );
      out.line("if ($state -in @('Failed', 'Canceled')) { throw \"provisioning $state for $path\" }");
    });
    out.line("} while ($state -ne 'Succeeded')");
    out.line(`Write-Output ${powerShellString(`done:   ${shortLabel(entry)}`)}`);
  });
  out.line('}');
}

function writeAction(out: CodeWriter, entry: ExportAction, index: number, total: number): void {
  out.line();
  out.comment(`[${index + 1}/${total}] ${describe(entry)}`);
  if (entry.type === 'network') {
    writeNetworkAction(out, entry);
    return;
  }
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
  } else if (entry.type === 'firewall-rules') {
    writeFirewallRules(out, entry);
    return;
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

/**
 * amplink's rule collection group on a firewall policy: Invoke-AzRestMethod (Az.Accounts) reads it, and writes it only
 * when its priority or rules (names, sources, FQDNs) differ from the planned ones; `-WaitForCompletion` waits for the
 * long-running PUT, so the next write to the policy finds it done.
 */
function writeFirewallRules(out: CodeWriter, entry: Extract<ExportAction, { type: 'firewall-rules' }>): void {
  const signature = (priority: number, rules: { name: string; sourceAddresses: string[]; targetFqdns: string[] }[]) =>
    `${priority};${rules.map((r) => `${r.name}|${r.sourceAddresses.join(',')}|${r.targetFqdns.join(',')}`).join(';')}`;
  out.line(`$path = ${powerShellString(`${entry.id.id}?api-version=${entry.action.apiVersion}`)}`);
  out.line(`$wanted = ${powerShellString(signature(entry.priority, entry.collection.rules))}`);
  out.line('$read = Invoke-AzRestMethod -Path $path -Method GET');
  out.line('$have = ""');
  out.line('if ($read.StatusCode -eq 200) {');
  out.indent(() => {
    out.line('$group = $read.Content | ConvertFrom-Json -Depth 100');
    out.line(
      "$have = \"$($group.properties.priority);\" + (($group.properties.ruleCollections.rules | ForEach-Object { \"$($_.name)|$($_.sourceAddresses -join ',')|$($_.targetFqdns -join ',')\" }) -join ';')",
    );
  });
  out.line('}');
  out.line('if ($have -ceq $wanted) {');
  out.indent(() => out.line(`Write-Output ${powerShellString(`exists: ${shortLabel(entry)}`)}`));
  out.line('} else {');
  out.indent(() => {
    out.line(`$body = ${powerShellString(JSON.stringify(entry.action.body))}`);
    out.line('$write = Invoke-AzRestMethod -Path $path -Method PUT -Payload $body -WaitForCompletion');
    out.line('if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }');
    out.line(`Write-Output ${powerShellString(`done:   ${shortLabel(entry)}`)}`);
  });
  out.line('}');
}

/**
 * A rule pointed at its shared DCE: Invoke-AzRestMethod (Az.Accounts) GETs the rule, the script changes
 * properties.dataCollectionEndpointId and PUTs the rest back as it was. The write is not conditional on the rule's
 * etag (the az export and amplink apply send If-Match): a change made between the GET and the PUT is overwritten.
 */
function writeRuleUpdate(out: CodeWriter, entry: RuleUpdate, index: number, total: number): void {
  const label = `update rule ${entry.id.name} -> ${lastSegment(entry.endpointId)}`;
  out.line();
  out.comment(`[${index + 1}/${total}] ${describeRuleUpdate(entry)}`);
  out.line(`$path = ${powerShellString(`${entry.id.id}?api-version=${entry.action.apiVersion}`)}`);
  out.line(`$endpoint = ${powerShellString(entry.endpointId)}`);
  out.line('$read = Invoke-AzRestMethod -Path $path -Method GET');
  out.line('if ($read.StatusCode -ne 200) { throw "GET $path answered $($read.StatusCode): $($read.Content)" }');
  out.line('$rule = $read.Content | ConvertFrom-Json -Depth 100');
  out.comment('-eq compares strings without regard to case, as ARM compares ids.');
  out.line('if ($rule.properties.dataCollectionEndpointId -eq $endpoint) {');
  out.indent(() => out.line(`Write-Output ${powerShellString(`exists: ${label}`)}`));
  out.line('} else {');
  out.indent(() => {
    out.line(
      '$rule.properties | Add-Member -NotePropertyName dataCollectionEndpointId -NotePropertyValue $endpoint -Force',
    );
    out.line('$write = Invoke-AzRestMethod -Path $path -Method PUT -Payload ($rule | ConvertTo-Json -Depth 100)');
    out.line('if ($write.StatusCode -ge 300) { throw "PUT $path answered $($write.StatusCode): $($write.Content)" }');
    out.line(`Write-Output ${powerShellString(`done:   ${label}`)}`);
  });
  out.line('}');
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
  const rules = ruleUpdates(plan);
  const total = actions.length + rules.length;
  if (total === 0) {
    out.line();
    out.line(`Write-Output ${powerShellString(emptyPlanNote(plan))}`);
    return out.toString();
  }
  actions.forEach((entry, index) => writeAction(out, entry, index, total));
  rules.forEach((entry, index) => writeRuleUpdate(out, entry, actions.length + index, total));
  return out.toString();
}
