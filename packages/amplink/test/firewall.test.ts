import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { egressOf } from '../src/model/egress.js';
import { FirewallRules, fqdnCovers } from '../src/model/firewall-rules.js';
import type { ArmResource } from '../src/model/resources.js';
import { checkPlanActions } from '../src/plan/plan-check.js';
import { plan } from '../src/plan/plan.js';
import { worldAfter } from '../src/plan/simulate.js';
import type { Plan, PlanAction } from '../src/plan/types.js';
import { parseSnapshot } from '../src/discover/snapshot.js';
import { Topology } from '../src/model/topology.js';
import { verify } from '../src/verify/verify.js';
import { World } from './support/world.js';
import { app, firewalledWorld, net } from './support/firewall-world.js';

type Json = Record<string, unknown>;

const GROUP_TYPE = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';

function topologyOf(resources: readonly Json[]): Topology {
  return new Topology(parseSnapshot(JSON.stringify({ value: resources })));
}

function firewallActions(thePlan: Plan): PlanAction[] {
  return thePlan.actions.filter((a) => a.resourceType === GROUP_TYPE);
}

function policyRules(world: World, policies: { id: string; inherited: boolean }[]): FirewallRules {
  const parsed = world.parsed();
  const byId = (id: string) => parsed.find((r) => r.id === id) as ArmResource;
  return new FirewallRules(
    policies.map(({ id, inherited }) => ({
      policy: byId(id),
      inherited,
      groups: parsed.filter((r) => r.id.startsWith(`${id}/ruleCollectionGroups/`)),
    })),
  );
}

describe('Azure Firewall rule processing (model/firewall-rules.ts)', () => {
  test('FQDNs: `*.x` covers names below x (not x itself), `*` every name, the rest exactly, without regard to case', () => {
    assert.equal(fqdnCovers('*.ingest.monitor.azure.com', 'dce-abcd.eastus-1.ingest.monitor.azure.com'), true);
    assert.equal(fqdnCovers('*.ingest.monitor.azure.com', 'ingest.monitor.azure.com'), false);
    assert.equal(fqdnCovers('*.Monitor.Azure.com', 'a.b.monitor.azure.COM'), true);
    assert.equal(fqdnCovers('*', 'login.microsoftonline.com'), true);
    assert.equal(fqdnCovers('login.microsoftonline.com', 'LOGIN.MICROSOFTONLINE.COM'), true);
    assert.equal(fqdnCovers('login.microsoftonline.com', 'x.login.microsoftonline.com'), false);
  });

  test('network rules before application rules whatever the priorities; the base policy before the child', () => {
    const world = new World();
    const base = world.firewallPolicy('base', 'eastus');
    world.ruleCollectionGroup(base, 'base-late', 60000, 'Allow', [app('a', ['*'], ['allowed.example.com'])]);
    const child = world.firewallPolicy('child', 'eastus', { basePolicy: base });
    world.ruleCollectionGroup(child, 'child-first', 100, 'Deny', [app('d', ['*'], ['*.example.com'])]);
    world.ruleCollectionGroup(child, 'child-net', 64000, 'Deny', [net('n', ['10.0.0.0/8'], ['*'], ['400-500'])]);
    const rules = policyRules(world, [
      { id: base, inherited: true },
      { id: child, inherited: false },
    ]);
    // The network Deny (lowest priority of all) decides before every application rule.
    const decision = rules.decide(['10.1.0.0/24'], 'allowed.example.com');
    assert.equal(decision.verdict, 'deny');
    assert.equal(decision.rule?.ruleType, 'NetworkRule');
    // From outside 10.0.0.0/8 the base policy's Allow (priority 60000) comes before the child's Deny (100).
    const fromElsewhere = rules.decide(['192.168.1.0/24'], 'allowed.example.com');
    assert.deepEqual([fromElsewhere.verdict, fromElsewhere.rule?.group], ['allow', 'base-late']);
    assert.equal(fromElsewhere.rule?.inherited, true);
    // Nothing matches: denied by default.
    assert.deepEqual(rules.decide(['192.168.1.0/24'], 'other.test'), { verdict: 'deny', rule: undefined });
  });

  test('sources: the node subnet inside a rule source matches, apart does not, across it cannot be told', () => {
    const world = new World();
    const policy = world.firewallPolicy('p', 'eastus');
    world.ruleCollectionGroup(policy, 'g', 100, 'Allow', [app('r', ['10.1.0.0/25', '10.9.0.1-10.9.0.200'], ['*'])]);
    const rules = policyRules(world, [{ id: policy, inherited: false }]);
    assert.equal(rules.decide(['10.1.0.0/26'], 'h.test').verdict, 'allow');
    assert.equal(rules.decide(['10.9.0.8/29'], 'h.test').verdict, 'allow');
    assert.deepEqual(rules.decide(['10.2.0.0/24'], 'h.test'), { verdict: 'deny', rule: undefined });
    assert.equal(rules.decide(['10.1.0.0/24'], 'h.test').verdict, 'unknown');
  });

  test('a rule amplink cannot read (service tag, FQDN tag) decides unknown, unless a readable match agrees with it', () => {
    const world = new World();
    const policy = world.firewallPolicy('p', 'eastus');
    world.ruleCollectionGroup(policy, 'tags', 100, 'Allow', [net('monitor-tag', ['*'], ['AzureMonitor'])]);
    world.ruleCollectionGroup(policy, 'fqdn-tag', 200, 'Allow', [
      app('aks', ['*'], [], { fqdnTags: ['AzureKubernetesService'] }),
    ]);
    world.ruleCollectionGroup(policy, 'later', 300, 'Allow', [app('x', ['*'], ['exact.example.com'])]);
    const rules = policyRules(world, [{ id: policy, inherited: false }]);
    const unknown = rules.decide(['10.1.0.0/24'], 'host.example.com');
    assert.equal(unknown.verdict, 'unknown');
    assert.equal(unknown.rule?.rule, 'monitor-tag');
    // Every unreadable rule before it would allow too: the readable Allow stands.
    assert.equal(rules.decide(['10.1.0.0/24'], 'exact.example.com').verdict, 'allow');
    // A private destination range never holds a public host: it does not match.
    const privateOnly = new World();
    const p2 = privateOnly.firewallPolicy('p2', 'eastus');
    privateOnly.ruleCollectionGroup(p2, 'g', 100, 'Deny', [net('internal', ['*'], ['10.0.0.0/8', '192.168.0.0/16'])]);
    assert.deepEqual(policyRules(privateOnly, [{ id: p2, inherited: false }]).decide(['10.1.0.0/24'], 'h.test'), {
      verdict: 'deny',
      rule: undefined,
    });
  });
});

describe('egress: cluster → node subnet → route table → firewall → policy (model/egress.ts)', () => {
  test('the chain leads to the firewall and its policy, with the node subnet as source', () => {
    const { world } = firewalledWorld();
    const topology = world.topology();
    const path = egressOf(topology.network, topology.clusters[0] as never);
    assert.equal(path.kind, 'firewall');
    if (path.kind !== 'firewall') return;
    assert.deepEqual([path.firewall.name, path.policy.name, path.routeTable.name], ['afw', 'child', 'rt-aks']);
    assert.deepEqual(path.sourcePrefixes, ['10.1.0.0/24']);
  });

  test('a next hop names a firewall only in a VNet the node VNet reaches: private addresses repeat across VNets', () => {
    const { world } = firewalledWorld();
    // Another VNet, not peered, with a firewall at the same address and no policy: listed first, never chosen.
    const other = world.vnet('vnet-elsewhere', 'eastus', { AzureFirewallSubnet: '10.0.2.0/26' });
    const stranger = world.firewall(
      'afw-elsewhere',
      'eastus',
      '10.0.2.4',
      undefined,
      world.subnet(other, 'AzureFirewallSubnet'),
    );
    world.resources.unshift(
      world.resources.splice(
        world.resources.findIndex((r) => r['id'] === stranger),
        1,
      )[0] as never,
    );
    const topology = world.topology();
    const path = egressOf(topology.network, topology.clusters[0] as never);
    assert.equal(path.kind === 'firewall' ? path.firewall.name : path.kind, 'afw');
  });

  test('each link that cannot be read makes the egress unknown, never open', () => {
    const cases: [string, (w: ReturnType<typeof firewalledWorld>) => void, RegExp][] = [
      [
        'no route table on the subnet',
        ({ world, subnet }) => world.routeSubnet(subnet, undefined as never),
        /no route table/,
      ],
      [
        'next hop is no firewall amplink read',
        ({ world, firewall }) =>
          world.resources.splice(
            world.resources.findIndex((r) => r['id'] === firewall),
            1,
          ),
        /no Azure Firewall amplink read/,
      ],
      [
        'a rule collection group the policy lists was not read',
        ({ world }) =>
          world.resources.splice(
            world.resources.findIndex((r) => r['name'] === 'user-deny'),
            1,
          ),
        /were not read/,
      ],
      [
        'the base policy was not read',
        ({ world, base }) =>
          world.resources.splice(
            world.resources.findIndex((r) => r['id'] === base),
            1,
          ),
        /base policy base was not read/,
      ],
      [
        'classic rules, no policy',
        ({ world, firewall }) => {
          const properties = world.resources.find((r) => r['id'] === firewall)?.['properties'] as Json;
          delete properties['firewallPolicy'];
          properties['applicationRuleCollections'] = [{ name: 'classic', properties: { priority: 100 } }];
        },
        /classic rules/,
      ],
    ];
    for (const [what, change, why] of cases) {
      const fixture = firewalledWorld();
      change(fixture);
      const topology = fixture.world.topology();
      const path = egressOf(topology.network, topology.clusters[0] as never);
      assert.equal(path.kind, 'unknown', what);
      assert.match((path as { why: string }).why, why, what);
      const result = verify(topology, { amplsId: fixture.amplsId });
      const verdict = result.clusters[0];
      assert.notEqual(verdict?.metrics, 'ok', what);
      assert.ok(
        verdict?.reasons.some((r) => r.code === 'AMPL_VERIFY_I0024'),
        `${what}: ${JSON.stringify(verdict?.reasons)}`,
      );
    }
  });

  test('a default route to Internet, or no user-defined routing, is not a firewall', () => {
    const { world, subnet } = firewalledWorld();
    world.routeSubnet(subnet, world.routeTable('rt-open', 'eastus', 'Internet'));
    const topology = world.topology();
    assert.deepEqual(egressOf(topology.network, topology.clusters[0] as never), { kind: 'direct' });
  });
});

describe('verify and plan --firewall-rules against the real rules', () => {
  const { world, amplsId, child } = firewalledWorld();
  const resources = world.resources;
  const before = verify(topologyOf(resources), { amplsId });

  test('verify: E0023 names the firewall, the policy, the denying rule and the exact rule to add', () => {
    const finding = before.findings.find((f) => f.code === 'AMPL_VERIFY_E0023');
    assert.ok(finding, before.findings.map((f) => f.code).join(', '));
    assert.match(finding.message, /firewall afw \(policy child\)/);
    assert.match(finding.message, /\*\.ingest\.monitor\.azure\.com/);
    assert.match(finding.message, /rule no-ingest .* group user-deny \(priority 200\)/);
    assert.doesNotMatch(finding.message, /handler\.control/, 'the handler passes the user-allow group');
    assert.match(finding.fix ?? '', /priority number lower than 200/);
    assert.match(finding.fix ?? '', /source addresses 10\.1\.0\.0\/24, protocol Https:443/);
    assert.match(finding.fix ?? '', /config-eastus-abcd\.eastus-1\.handler\.control\.monitor\.azure\.com/);
    assert.deepEqual(finding.fixActions, [], 'without --firewall-rules the plan changes no firewall');
    assert.ok(finding.resources.includes(child));
    const verdict = before.clusters[0];
    // Logs go to the workspace's ODS/OMS hosts, which user-allow lets through; metrics ingest is denied.
    assert.deepEqual([verdict?.route, verdict?.metrics, verdict?.logs], ['public', 'broken', 'ok']);
  });

  test('plan without --firewall-rules: no firewall change, a warning with the rule to add', () => {
    const thePlan = plan(topologyOf(resources), { amplsId });
    assert.deepEqual(firewallActions(thePlan), []);
    const warning = thePlan.findings.find((f) => f.code === 'AMPL_PLAN_W0009');
    assert.ok(warning);
    assert.match(warning.fix ?? '', /amplink plan --firewall-rules writes exactly this/);
  });

  const withRules = plan(topologyOf(resources), { amplsId, firewallRules: true });

  test('plan --firewall-rules: one group on the firewall policy, before the denying group, allowing exactly the hosts', () => {
    const [action, ...more] = firewallActions(withRules);
    assert.ok(action);
    assert.deepEqual(more, []);
    assert.equal(action.kind, 'create');
    assert.equal(action.id, `${child}/ruleCollectionGroups/amplink-azure-monitor`);
    assert.deepEqual(action.permissions, [
      { action: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write', scope: child },
    ]);
    const properties = action.body['properties'] as { priority: number; ruleCollections: Json[] };
    assert.equal(properties.priority, 199);
    const [collection] = properties.ruleCollections;
    assert.deepEqual(collection?.['action'], { type: 'Allow' });
    const [rule] = collection?.['rules'] as Json[];
    assert.deepEqual(rule?.['sourceAddresses'], ['10.1.0.0/24']);
    assert.deepEqual(rule?.['protocols'], [{ protocolType: 'Https', port: 443 }]);
    // Rule 5's public set, exactly: the workspace's ODS/OMS hosts, the ingestion DCEs (the rule's own and the Azure
    // Monitor workspace's), the configuration DCE's handler in its region-specific form, the sign-in.
    assert.deepEqual(rule?.['targetFqdns'], [
      '11111111-1111-1111-1111-111111111111.ods.opinsights.azure.com',
      '11111111-1111-1111-1111-111111111111.oms.opinsights.azure.com',
      'aks-amw-abcd.eastus-1.ingest.monitor.azure.com',
      'config-eastus-abcd.eastus-1.handler.control.monitor.azure.com',
      'login.microsoftonline.com',
      'msprom-eastus-aks-fw-abcd.eastus-1.ingest.monitor.azure.com',
    ]);
    // A plan file with it passes the same checks apply makes.
    assert.doesNotThrow(() => checkPlanActions(withRules));
    assert.ok((withRules.estimate?.otherWrites ?? 0) >= 1);
  });

  test('after apply: verify passes the firewall, and a second plan --firewall-rules writes nothing more to it', () => {
    const after = worldAfter(resources, withRules);
    const verified = verify(topologyOf(after), { amplsId, firewallRules: true });
    assert.ok(!verified.findings.some((f) => f.code === 'AMPL_VERIFY_E0023'), JSON.stringify(verified.findings));
    assert.ok(!verified.clusters[0]?.reasons.some((r) => r.code === 'AMPL_VERIFY_I0024'));
    const again = plan(topologyOf(after), { amplsId, firewallRules: true });
    assert.deepEqual(firewallActions(again), []);
  });

  test('an existing amplink group that lacks a host is updated with its own group only, keeping what it allowed', () => {
    const after = worldAfter(resources, withRules);
    const ours = after.find((r) => String(r['id']).endsWith('/amplink-azure-monitor')) as Json;
    const rule = (((ours['properties'] as Json)['ruleCollections'] as Json[])[0]?.['rules'] as Json[])[0] as Json;
    rule['targetFqdns'] = ['login.microsoftonline.com', 'kept.example.com'];
    const again = plan(topologyOf(after), { amplsId, firewallRules: true });
    const [update] = firewallActions(again);
    assert.equal(update?.kind, 'update');
    assert.equal(update?.id, ours['id']);
    const fqdns = (((update?.body['properties'] as Json)['ruleCollections'] as Json[])[0]?.['rules'] as Json[])[0]?.[
      'targetFqdns'
    ] as string[];
    assert.ok(fqdns.includes('kept.example.com') && fqdns.some((h) => h.endsWith('.ingest.monitor.azure.com')));
    assert.ok(again.actions.every((a) => a.resourceType !== GROUP_TYPE || a.id === ours['id']));
  });

  test('a base policy that denies cannot be preceded: a finding, never an edit of the user rule', () => {
    const denied = firewalledWorld({ baseDeniesLogin: true });
    const thePlan = plan(topologyOf(denied.world.resources), { amplsId: denied.amplsId, firewallRules: true });
    const finding = thePlan.findings.find((f) => f.code === 'AMPL_PLAN_W0010');
    assert.ok(finding, thePlan.findings.map((f) => f.code).join(', '));
    assert.match(finding.message, /base policy base/);
    assert.ok(firewallActions(thePlan).every((a) => a.id.endsWith('/amplink-azure-monitor')));
  });
});

describe('plan files: amplink writes only its own rule collection group', () => {
  const { world, amplsId } = firewalledWorld();
  const thePlan = plan(world.topology(), { amplsId, firewallRules: true });
  const mutated = (change: (action: PlanAction) => void): Plan => {
    const copy = structuredClone(thePlan);
    const action = copy.actions.find((a) => a.resourceType === GROUP_TYPE) as PlanAction;
    change(action);
    return copy;
  };
  const refused = (p: Plan) => assert.throws(() => checkPlanActions(p), { code: 'AMPL_PLANFILE_E0004' });

  test('a rule that allows every host is refused', () =>
    refused(
      mutated((a) => {
        const rules = ((a.body['properties'] as Json)['ruleCollections'] as Json[])[0]?.['rules'] as Json[];
        (rules[0] as Json)['targetFqdns'] = ['*'];
      }),
    ));
  test('a Deny collection is refused', () =>
    refused(
      mutated((a) => {
        (((a.body['properties'] as Json)['ruleCollections'] as Json[])[0] as Json)['action'] = { type: 'Deny' };
      }),
    ));
  test("a group of another name (a user's own) is refused", () =>
    refused(
      mutated((a) => {
        a.id = a.id.replace('amplink-azure-monitor', 'DefaultApplicationRuleCollectionGroup');
      }),
    ));
});
