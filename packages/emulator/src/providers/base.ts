// The ARM envelope every resource shares, built in one place.
import { z } from 'zod';
import type { ArmResource, Json, JsonObject } from '../store/store.js';
import type { ProviderContext, ResourceProvider, WriteRequest } from './types.js';

export interface Actor {
  objectId: string;
  displayName: string;
}

/** ARM normalises locations: "East US" is stored as "eastus". */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

export function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export function asString(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A value as text, as String() writes a scalar; null or missing as '', an object or array as its JSON. */
export function jsonText(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const ENVELOPE_COPIED = ['kind', 'sku', 'zones', 'extendedLocation', 'managedBy', 'plan'] as const;

export function buildResource(
  provider: ResourceProvider,
  ctx: ProviderContext,
  req: WriteRequest,
  actor: Actor | undefined,
  provisioningState: string,
): ArmResource {
  const body = req.body;
  const existing = req.existing;
  const resource: ArmResource = { id: req.id, name: req.name, type: provider.type };
  if (provider.tracked) {
    const location = asString(body['location']) ?? asString(existing?.['location']) ?? provider.defaultLocation ?? '';
    resource['location'] = normalizeLocation(location);
  }
  if (body['tags'] !== undefined) resource['tags'] = body['tags'];
  else if (provider.tracked) resource['tags'] = existing?.['tags'] ?? {};
  for (const key of ENVELOPE_COPIED) if (body[key] !== undefined) resource[key] = body[key];
  const identity = identityOf(body['identity'], existing?.['identity'], ctx);
  if (identity) resource['identity'] = identity;
  const properties = provider.properties ? provider.properties(ctx, req) : clientProperties(provider, req);
  if (provider.plainEnvelope) {
    resource['properties'] = { ...properties, provisioningState };
    return resource;
  }
  resource['etag'] = provider.etagStyle === 'weak' ? `W/"${ctx.generated.uuid()}"` : ctx.generated.uuid();
  const now = ctx.generated.now();
  const who = actor?.displayName ?? 'amplink-emulator';
  const created = asObject(existing?.['systemData']);
  resource['systemData'] = {
    createdBy: asString(created['createdBy']) ?? who,
    createdByType: asString(created['createdByType']) ?? 'Application',
    createdAt: asString(created['createdAt']) ?? now,
    lastModifiedBy: who,
    lastModifiedByType: 'Application',
    lastModifiedAt: now,
  };
  resource['properties'] = { ...properties, provisioningState };
  return resource;
}

/** The client's properties without the read-only ones (which the service sets). */
export function clientProperties(provider: ResourceProvider, req: WriteRequest): JsonObject {
  const dropped = new Set(['provisioningState', ...(provider.readOnly ?? [])]);
  return Object.fromEntries(Object.entries(asObject(req.body['properties'])).filter(([key]) => !dropped.has(key)));
}

/** A system-assigned identity gets a principalId and tenantId, kept across updates. */
function identityOf(sent: Json | undefined, existing: Json | undefined, ctx: ProviderContext): JsonObject | undefined {
  if (sent === undefined) return undefined;
  const identity = { ...asObject(sent) };
  const type = asString(identity['type']) ?? 'None';
  if (/systemassigned/i.test(type)) {
    const old = asObject(existing);
    identity['principalId'] = asString(old['principalId']) ?? ctx.generated.uuid();
    identity['tenantId'] = ctx.tenantId;
  } else {
    delete identity['principalId'];
    delete identity['tenantId'];
  }
  return identity;
}

// Body schemas: strict about the fields the emulator relies on, loose about the rest (ARM ignores what it does not know).
export const tagsSchema = z.record(z.string(), z.string());
export const jsonValue: z.ZodType<Json> = z.json();
export const looseObject = z.record(z.string(), jsonValue);

export function trackedBody(properties: z.ZodType<JsonObject>, options: { propertiesRequired?: boolean } = {}) {
  return z.looseObject({
    location: z.string().min(1),
    tags: tagsSchema.optional(),
    properties: options.propertiesRequired ? properties : properties.optional(),
  }) as unknown as z.ZodType<JsonObject>;
}

export function proxyBody(properties: z.ZodType<JsonObject>, options: { propertiesRequired?: boolean } = {}) {
  return z.looseObject({
    properties: options.propertiesRequired ? properties : properties.optional(),
  }) as unknown as z.ZodType<JsonObject>;
}

export function props(shape: z.ZodRawShape): z.ZodType<JsonObject> {
  return z.looseObject(shape) as unknown as z.ZodType<JsonObject>;
}

export const resourceIdRef = z
  .string()
  .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/.+/i, 'must be an ARM resource id');
export const enabledDisabled = z.enum(['Enabled', 'Disabled']);

/** A stable pseudo-random string from a seed: endpoints keep the same suffix across restarts. */
export function stableSuffix(seed: string, length: number): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) {
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    out += alphabet.charAt(Math.abs(h) % alphabet.length);
  }
  return out;
}

export function hexId(ctx: ProviderContext): string {
  return ctx.generated.uuid().replace(/-/g, '');
}
