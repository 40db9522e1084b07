/** An invitation token in a preview's path (`GET /api/v1/invitations/{token}`): a secret, like a bearer. */
const INVITATION_PATH = /^(\/api\/v1\/invitations\/)(?!accept(?:[/?#]|$))[^/?#]+/;

/** A request URL as the access log may keep it: secrets in the path replaced, the rest as sent. */
export const redactUrl = (url: string | undefined): string | undefined =>
  url?.replace(INVITATION_PATH, '$1[redacted]');
