import { Injectable, Logger } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import { TASK_EVENTS_CHANNEL } from './task-event-log.js';

/**
 * A personal access token (`tokenId`), a whole session (`sessionId`: a refresh-token family) or an OAuth grant
 * (`grantId`: what a person approved for one client) is no longer valid.
 */
export type CredentialRevoked = { kind: 'credential.revoked'; userId: string } & (
  | { tokenId: string; sessionId?: undefined; grantId?: undefined }
  | { sessionId: string; tokenId?: undefined; grantId?: undefined }
  | { grantId: string; tokenId?: undefined; sessionId?: undefined }
);

/**
 * Tells every replica that a credential was revoked, so each ends the event streams it opened. Sent on the task
 * events channel: the one listener per process already hears it, in commit order with the task events.
 */
@Injectable()
export class CredentialEvents {
  private readonly logger = new Logger(CredentialEvents.name);

  constructor(private readonly database: DatabaseService) {}

  /** Call after the revocation has committed; a failed NOTIFY must not undo it. */
  async announceRevoked(credential: Omit<CredentialRevoked, 'kind'>): Promise<void> {
    const message: CredentialRevoked = { kind: 'credential.revoked', ...credential } as CredentialRevoked;
    try {
      await this.database.client.notify(TASK_EVENTS_CHANNEL, JSON.stringify(message));
    } catch (error) {
      this.logger.warn({ err: error, userId: credential.userId }, 'credential revocation notify failed');
    }
  }
}
