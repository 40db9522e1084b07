import { Injectable } from '@nestjs/common';

/** Whether this process is draining (SIGTERM received): readiness turns 503 at once, before the server closes. */
@Injectable()
export class LifecycleState {
  draining = false;
}
