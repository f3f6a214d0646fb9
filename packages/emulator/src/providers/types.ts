// What a resource type module provides. The shared envelope (id, name, type, location, tags, etag, systemData,
// provisioningState) is built once in base.ts; a module says only what is particular to its type.
import type { z } from 'zod';
import type { ArmResource, JsonObject, ResourceStore } from '../store/store.js';
import type { GeneratedValues } from '../arm/generated-values.js';

export interface ProviderContext {
  store: ResourceStore;
  /** The emulator's own https URL, without trailing slash. */
  baseUrl: string;
  tenantId: string;
  /** Where GUIDs, etags and timestamps come from (random and the clock, unless the emulator was started repeatable). */
  generated: GeneratedValues;
  /** A write the platform itself makes (e.g. the managed resource group of an Azure Monitor workspace). */
  putInternal(id: string, apiVersion: string, body: JsonObject): ArmResource;
  deleteInternal(id: string): void;
  /** Looks up a provider by resource type (case-insensitive). */
  providerFor(type: string): ResourceProvider | undefined;
}

export interface WriteRequest {
  /** Canonical id: the casing of existing parents, the client's casing for the new name. */
  id: string;
  name: string;
  apiVersion: string;
  /** The request body after schema validation. */
  body: JsonObject;
  existing: ArmResource | undefined;
  /** If-Match of the request, when sent. */
  ifMatch?: string;
}

export interface ResourceProvider {
  /** Canonical type, e.g. Microsoft.Insights/dataCollectionEndpoints. */
  type: string;
  apiVersions: readonly string[];
  /** Tracked resources have a location and appear in GET /subscriptions/{s}/resources. */
  tracked: boolean;
  /** Extension resources live under any resource: {resourceUri}/providers/... */
  extension?: boolean;
  /** The location a tracked resource gets when none is sent (AMPLS and DNS zones: global). */
  defaultLocation?: string;
  schema: z.ZodType<JsonObject>;
  /** properties.* the service sets; a client's values are dropped. */
  readOnly?: readonly string[];
  longRunning?: {
    put?: boolean;
    delete?: boolean;
    /** Where the Azure-AsyncOperation header points (the AMPLS uses its own operation status type). */
    statusStyle?: 'privateLinkScope';
    /**
     * The PUT may also be answered 200 with the resource still `Provisioning` and no operation header, the client
     * polling the resource itself (scoped resources: recording test_monitor_private_link_scope_scenario.yaml).
     */
    provisioningAnswer?: boolean;
  };
  /** Network resources use weak etags W/"guid"; the rest a plain id. */
  etagStyle?: 'weak';
  /** Resource groups carry neither etag nor systemData. */
  plainEnvelope?: boolean;
  /** Properties as the service stores them (client's, read-only removed, plus computed). */
  properties?(ctx: ProviderContext, req: WriteRequest): JsonObject;
  /** Cross-resource checks; throws an ARM error. */
  validate?(ctx: ProviderContext, req: WriteRequest): void;
  /** Side effects once the write has completed (for long-running writes: when provisioning succeeds). */
  afterPut?(ctx: ProviderContext, resource: ArmResource, created: boolean, body: JsonObject): void;
  beforeDelete?(ctx: ProviderContext, resource: ArmResource): void;
  afterDelete?(ctx: ProviderContext, resource: ArmResource): void;
  /** The resource as GET shows it, when some of it is derived from other resources at read time. */
  view?(ctx: ProviderContext, resource: ArmResource): ArmResource;
  /** A resource the service has without anyone writing it (a private zone's SOA record set), for GET. */
  virtual?(ctx: ProviderContext, id: string): ArmResource | undefined;
  /** Lists under a resource that are not child resources, e.g. a DCR's `associations`. */
  listActions?: Record<string, (ctx: ProviderContext, parent: ArmResource) => ArmResource[]>;
  /** Writes that share this key are serialised: one in progress makes the others fail with 409. */
  serializationKey?(id: string): string;
}
