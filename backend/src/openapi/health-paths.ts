const healthBody = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
};

const probe = (operationId: string, summary: string, description: string, statuses: number[]) => ({
  get: {
    operationId,
    summary,
    description,
    tags: ['Health'],
    security: [],
    responses: Object.fromEntries(
      statuses.map((status) => [
        String(status),
        {
          description: status === 200 ? 'Healthy.' : 'Not ready.',
          content: { 'application/json': { schema: healthBody } },
        },
      ]),
    ),
  },
});

/** The probes answer in Terminus' shape rather than problem+json, so they are documented here by hand. */
export const healthPaths = () => ({
  '/health/live': probe(
    'checkLiveness',
    'Liveness probe',
    'Answers 200 while the process serves requests. Never touches the database.',
    [200],
  ),
  '/health/ready': probe(
    'checkReadiness',
    'Readiness probe',
    'Answers 200 when the database is reachable and migrated and the process is not draining; 503 otherwise.',
    [200, 503],
  ),
});
