import { z } from 'zod';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';
import { userSchema } from '../../users/dto/user.schemas.js';
import {
  distinctCharacters,
  isCommonPassword,
  MIN_DISTINCT_CHARACTERS,
  personalDetailIn,
} from '../common-passwords.js';

const email = z
  .email({ message: 'must be an email address' })
  .max(254)
  .transform((value) => value.trim().toLowerCase())
  .describe('Compared case-insensitively.');

// zod counts string lengths in code points (as JSON Schema does), so six emoji are six characters, not twelve.
const password = z
  .string()
  .min(12, 'must be at least 12 characters')
  // abort: the checks below are linear or worse in the length, so they never see an oversized string.
  .max(128, { message: 'must be at most 128 characters', abort: true })
  .refine(
    (value) => distinctCharacters(value) >= MIN_DISTINCT_CHARACTERS,
    `must use at least ${MIN_DISTINCT_CHARACTERS} different characters`,
  )
  .refine((value) => !isCommonPassword(value), 'is too common; choose a less guessable password')
  .describe(
    '12 to 128 characters (code points), at least 5 different ones. Refused: passwords found in breaches (also ' +
      'with digits or symbols appended), and passwords containing your name or the part of your email before @.',
  );

export const registerSchema = z
  .object({
    email,
    password,
    name: z.string().trim().min(1).max(100).describe('How the app addresses you; 1 to 100 characters.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const detail = personalDetailIn(input.password, input);
    if (!detail) return;
    const message = detail === 'email' ? 'must not contain your email address' : 'must not contain your name';
    ctx.addIssue({ code: 'custom', path: ['password'], message });
  });
export type RegisterInput = z.infer<typeof registerSchema>;
requestSchemas.add(registerSchema, {
  id: 'RegisterRequest',
  examples: [{ email: 'ada@example.com', password: 'correct-horse-lamp-41', name: 'Ada' }],
});

export const loginSchema = z.object({ email, password: z.string().min(1).max(1024) }).strict();
export type LoginInput = z.infer<typeof loginSchema>;
requestSchemas.add(loginSchema, {
  id: 'LoginRequest',
  examples: [{ email: 'ada@example.com', password: 'correct-horse-lamp-41' }],
});

export const refreshSchema = z
  .object({
    refreshToken: z.string().min(1).max(512).describe('The refresh token from the last sign-in or refresh.'),
  })
  .strict();
export type RefreshInput = z.infer<typeof refreshSchema>;
const refreshExample = { refreshToken: 'b3BhcXVlLXJlZnJlc2gtdG9rZW4tZXhhbXBsZS0xMjM0NTY3ODkw' };
requestSchemas.add(refreshSchema, { id: 'RefreshRequest', examples: [refreshExample] });
export const logoutSchema = refreshSchema.describe('The refresh token to revoke.');
requestSchemas.add(logoutSchema, {
  id: 'LogoutRequest',
  examples: [refreshExample],
});

export const authTokensSchema = z
  .object({
    user: userSchema,
    accessToken: z.string().max(4096).describe('A JWT for `Authorization: Bearer`; short-lived.'),
    refreshToken: z.string().max(512).describe('Opaque; exchange it once at /auth/refresh for a new pair.'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.int().min(1).max(86_400).describe('Seconds until the access token expires.'),
  })
  .strict();
export type AuthTokens = z.infer<typeof authTokensSchema>;
responseSchemas.add(authTokensSchema, {
  id: 'AuthTokens',
  description: 'A signed-in session.',
  examples: [
    {
      user: {
        id: '0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e',
        email: 'ada@example.com',
        name: 'Ada',
        createdAt: '2026-11-26T10:00:00.000Z',
      },
      accessToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwYjZmMWMyZSJ9.c2lnbmF0dXJl',
      refreshToken: 'b3BhcXVlLXJlZnJlc2gtdG9rZW4tZXhhbXBsZS0xMjM0NTY3ODkw',
      tokenType: 'Bearer',
      expiresIn: 900,
    },
  ],
});
