import { z } from 'zod';

/** Request schemas become components as the client sends them (defaults optional, before transforms). */
export const requestSchemas = z.registry<{ id: string; description?: string; examples?: unknown[] }>();
/** Response schemas become components as the server returns them. */
export const responseSchemas = z.registry<{ id: string; description?: string; examples?: unknown[] }>();
