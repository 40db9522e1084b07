import { z } from 'zod';

/** Request schemas become components as the client sends them (defaults optional, before transforms). */
export const requestSchemas = z.registry<{ id: string; description?: string; examples?: unknown[] }>();
/** Response schemas become components as the server returns them. */
export const responseSchemas = z.registry<{ id: string; description?: string; examples?: unknown[] }>();

/**
 * Top-level sections of the document that a feature module describes itself (the webhooks' messages), by name:
 * the document builder needs no import of the feature.
 */
export const documentSections = new Map<string, () => Record<string, unknown>>();
