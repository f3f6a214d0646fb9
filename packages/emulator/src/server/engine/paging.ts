// ARM pages lists with nextLink; the SDK and az follow it. The $skiptoken is an offset.
import type { ArmRequest, ArmResponse, Engine } from './types.js';

export function page(engine: Engine, req: ArmRequest, items: unknown[]): ArmResponse {
  const { pageSize, baseUrl } = engine.options;
  const skip = Math.max(0, Number.parseInt(req.query.get('$skiptoken') ?? '0', 10) || 0);
  const topParam = req.query.get('$top');
  const size =
    topParam !== null ? Math.max(1, Math.min(pageSize, Number.parseInt(topParam, 10) || pageSize)) : pageSize;
  const value = items.slice(skip, skip + size);
  const body: { value: unknown[]; nextLink?: string } = { value };
  if (skip + size < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', String(skip + size));
    body.nextLink = `${baseUrl}${req.path}?${next.toString()}`;
  }
  return { status: 200, body };
}
