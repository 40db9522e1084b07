import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../database/database-client.js';
import { refreshTokens, users } from '../database/schema/index.js';
import { registerSchema } from './dto/auth.schemas.js';
import { PasswordHasher } from './password-hasher.js';

export type PasswordResetOutcome =
  { ok: true; userId: string; sessionsEnded: number } | { ok: false; reason: string };

/**
 * What an operator does for a person who forgot their password (there is no mail to send a reset link): sets a new
 * one, checked by the same rules as at sign-up, and ends every session of that person, since whoever knew the old
 * password may hold one. Personal access tokens are left alone; the person (or the operator) revokes those apart.
 */
export async function resetPassword(
  db: Database,
  emailInput: string,
  password: string,
  hasher = new PasswordHasher(),
): Promise<PasswordResetOutcome> {
  const email = emailInput.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) return { ok: false, reason: `No account has the email ${email}.` };
  const checked = registerSchema.safeParse({ email, name: user.name, password });
  if (!checked.success) {
    const issue = checked.error.issues.find((i) => i.path[0] === 'password') ?? checked.error.issues[0];
    return { ok: false, reason: `The new password ${issue?.message ?? 'is not accepted'}.` };
  }
  const passwordHash = await hasher.hash(password);
  const ended = await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    return tx
      .update(refreshTokens)
      .set({ revokedAt: new Date(), successorSeal: null })
      .where(and(eq(refreshTokens.userId, user.id), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
  });
  return { ok: true, userId: user.id, sessionsEnded: ended.length };
}
