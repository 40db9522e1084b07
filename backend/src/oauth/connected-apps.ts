import { Injectable } from '@nestjs/common';
import { and, eq, inArray, or } from 'drizzle-orm';
import { NotFound } from '../common/app-errors.js';
import { TOKEN_SCOPES, type TokenScope } from '../common/principal.js';
import { DatabaseService } from '../database/database.service.js';
import { CredentialEvents } from '../events/credential-events.js';
import { oauthRecords } from '../database/schema/index.js';
import { AuthorizationServer } from './authorization-server.js';
import type { ConnectedApp, ConsentDecision, PendingConsent } from './dto/oauth.schemas.js';

const MAX_LISTED = 1000;
// Client names come from the clients themselves (registration or metadata document): shown, so kept short.
const shortName = (name: string | undefined) => (name ? name.slice(0, 200) : null);

interface GrantPayload {
  iat?: number;
  resources?: Record<string, string>;
}

/** The person's side of OAuth: the consent decision and the list (and revocation) of connected clients. */
@Injectable()
export class ConnectedApps {
  constructor(
    private readonly server: AuthorizationServer,
    private readonly database: DatabaseService,
    private readonly credentialEvents: CredentialEvents,
  ) {}

  async pending(uid: string): Promise<PendingConsent> {
    const interaction = await this.interaction(uid);
    const client = await (await this.server.provider()).Client.find(String(interaction.params.client_id));
    if (!client) throw new NotFound('Pending authorization');
    return {
      client: { id: client.clientId, name: shortName(client.clientName) },
      redirectHost: new URL(String(interaction.params.redirect_uri)).host,
      scopes: requestedScopes(interaction.params.scope),
    };
  }

  /** Records the person's answer and returns where their browser continues (back to the authorization endpoint). */
  async decide(userId: string, uid: string, { approve }: ConsentDecision): Promise<string> {
    const interaction = await this.interaction(uid);
    const provider = await this.server.provider();
    if (!approve) {
      interaction.result = { error: 'access_denied', error_description: 'The person declined the request.' };
    } else {
      const clientId = String(interaction.params.client_id);
      const grant = new provider.Grant({ accountId: userId, clientId });
      const scopes = requestedScopes(interaction.params.scope).join(' ');
      // The scopes are asked for both as the server's own and as the resource's (RFC 8707): grant them as both.
      grant.addOIDCScope(scopes);
      for (const resource of requestedResources(
        interaction.params.resource,
        this.server.settings.resources,
      )) {
        grant.addResourceScope(resource, scopes);
      }
      const grantId = await grant.save();
      interaction.result = { login: { accountId: userId }, consent: { grantId } };
    }
    await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
    return interaction.returnTo;
  }

  async list(userId: string): Promise<ConnectedApp[]> {
    const grants = await this.database.db
      .select({ clientId: oauthRecords.clientId, payload: oauthRecords.payload })
      .from(oauthRecords)
      .where(and(eq(oauthRecords.model, 'Grant'), eq(oauthRecords.accountId, userId)));
    const byClient = new Map<string, ConnectedApp>();
    for (const { clientId, payload } of grants) {
      if (!clientId) continue;
      const grant = payload as GrantPayload;
      const scopes = new Set(Object.values(grant.resources ?? {}).flatMap((value) => value.split(' ')));
      const connectedAt = new Date((grant.iat ?? 0) * 1000).toISOString();
      const known = byClient.get(clientId);
      const client = known
        ? undefined
        : await (await this.server.provider()).Client.find(clientId).catch(() => undefined);
      byClient.set(clientId, {
        clientId,
        name: known?.name ?? shortName(client?.clientName),
        scopes: TOKEN_SCOPES.filter((scope) => scopes.has(scope) || known?.scopes.includes(scope)),
        connectedAt: known && known.connectedAt > connectedAt ? known.connectedAt : connectedAt,
      });
    }
    return [...byClient.values()]
      .sort((a, b) => b.connectedAt.localeCompare(a.connectedAt))
      .slice(0, MAX_LISTED);
  }

  /** Ends every grant the person gave the client: its codes, access and refresh tokens go with them at once. */
  async revoke(userId: string, clientId: string): Promise<void> {
    const grants = await this.database.db
      .select({ id: oauthRecords.id })
      .from(oauthRecords)
      .where(
        and(
          eq(oauthRecords.model, 'Grant'),
          eq(oauthRecords.accountId, userId),
          eq(oauthRecords.clientId, clientId),
        ),
      );
    if (grants.length === 0) throw new NotFound('Connected app');
    const ids = grants.map(({ id }) => id);
    await this.database.db
      .delete(oauthRecords)
      .where(
        or(
          inArray(oauthRecords.grantId, ids),
          and(eq(oauthRecords.model, 'Grant'), inArray(oauthRecords.id, ids)),
        ),
      );
    // Event streams the client opened end too, on every replica.
    for (const grantId of ids) await this.credentialEvents.announceRevoked({ userId, grantId });
  }

  private async interaction(uid: string) {
    const interaction = await (await this.server.provider()).Interaction.find(uid);
    if (!interaction || interaction.result) throw new NotFound('Pending authorization');
    return interaction;
  }
}

function requestedScopes(scope: unknown): TokenScope[] {
  const asked = new Set(typeof scope === 'string' ? scope.split(' ') : []);
  const scopes = TOKEN_SCOPES.filter((candidate) => asked.has(candidate));
  // A client asking for nothing it may have gets read access, the least of them.
  return scopes.length > 0 ? scopes : ['tasks:read'];
}

function requestedResources(resource: unknown, ours: readonly string[]): string[] {
  const asked = Array.isArray(resource) ? resource : typeof resource === 'string' ? [resource] : [ours[0]!];
  return asked.filter((value): value is string => typeof value === 'string' && ours.includes(value));
}
