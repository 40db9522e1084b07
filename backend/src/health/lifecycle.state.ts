import { Injectable } from '@nestjs/common';

/**
 * Whether this process is draining (SIGTERM received): readiness turns 503 at once, before the server closes.
 * `closingConnections` follows once the listener is closed: from then on every answer ends its connection.
 */
@Injectable()
export class LifecycleState {
  draining = false;
  closingConnections = false;
}
