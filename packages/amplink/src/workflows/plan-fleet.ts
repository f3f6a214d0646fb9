import type { Topology } from '../model/topology.js';
import type { PlanOptions } from '../plan/options.js';
import { permissionsOf, type ScopePermissions } from '../plan/permissions.js';
import type { Plan } from '../plan/types.js';
import { plan as makePlan } from '../plan/plan.js';
import type { OnFleetEvent } from './events.js';
import { fleetTopology, type FleetSource } from './fleet.js';

export interface PlanFleetOptions {
  source: FleetSource;
  plan: PlanOptions;
  onEvent?: OnFleetEvent;
}

export interface PlanFleetResult {
  kind: 'plan';
  /** The world planned against. */
  topology: Topology;
  plan: Plan;
}

export interface PermissionsResult {
  kind: 'permissions';
  plan: Plan;
  /** The RBAC actions the plan needs, per scope. */
  scopes: ScopePermissions[];
}

/** `amplink plan`: the plan that brings the selected clusters onto private link, keeping their data flowing. */
export async function planFleet(options: PlanFleetOptions): Promise<PlanFleetResult> {
  const topology = await fleetTopology(options.source, options.plan, options.onEvent);
  return { kind: 'plan', topology, plan: makePlan(topology, options.plan) };
}

/** `amplink permissions`: what to grant before apply, per scope. */
export async function fleetPermissions(options: PlanFleetOptions): Promise<PermissionsResult> {
  const { plan } = await planFleet(options);
  return { kind: 'permissions', plan, scopes: permissionsOf(plan) };
}
