// The part of a browser that the web-tier tests need: a cookie jar that honours what each response sets (removals
// and Max-Age included), requests with the headers a same-origin page sends, and signing up through the web form.
import { JSDOM } from 'jsdom';

export class CookieJar {
  /** name → value and when it lapses (ms since the epoch; Infinity for a session cookie). */
  private readonly cookies = new Map<string, { value: string; expires: number }>();

  set(name: string, value: string, expires = Infinity) {
    this.cookies.set(name, { value, expires });
  }

  /** The cookie's value while the browser would still send it. */
  get(name: string): string | undefined {
    const cookie = this.cookies.get(name);
    return cookie && cookie.expires > Date.now() ? cookie.value : undefined;
  }

  delete(name: string) {
    this.cookies.delete(name);
  }

  header(): string {
    return [...this.cookies.keys()]
      .flatMap((name) => {
        const value = this.get(name);
        return value === undefined ? [] : [`${name}=${value}`];
      })
      .join('; ');
  }

  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      const maxAge = attributes
        .map((a) => /^\s*max-age=(-?\d+)\s*$/i.exec(a)?.[1])
        .find((seconds) => seconds !== undefined);
      if (!value || (maxAge !== undefined && Number(maxAge) <= 0)) this.cookies.delete(name);
      else this.set(name, value, maxAge === undefined ? Infinity : Date.now() + Number(maxAge) * 1000);
    }
  }
}

export interface Browser {
  origin: string;
  jar: CookieJar;
  /** A request as this browser's page sends it (no redirects followed); the jar takes the answer's cookies. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** A browser on `origin` with an empty jar; `extra` headers go on every request (e.g. X-Canary). */
export function browser(origin: string, extra: Record<string, string> = {}): Browser {
  const jar = new CookieJar();
  return {
    origin,
    jar,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      for (const [k, v] of Object.entries(extra)) headers.set(k, v);
      const cookie = jar.header();
      if (cookie) headers.set('cookie', cookie);
      if (init.method && init.method !== 'GET') {
        headers.set('origin', origin);
        headers.set('sec-fetch-site', 'same-origin');
      }
      const response = await fetch(`${origin}${path}`, { ...init, headers, redirect: 'manual' });
      jar.take(response);
      return response;
    },
  };
}

export const uniqueEmail = (label: string) =>
  `${label}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;

/**
 * Loads /register, fills its form as a person would and submits it (the server action's POST). Returns the
 * page load and the submission; a successful sign-up answers 303 to /tasks with the session cookies set.
 */
export async function signUpThroughWebForm(
  b: Browser,
  person: { name: string; email: string; password: string },
): Promise<{ page: Response; submitted: Response }> {
  const page = await b.request('/register');
  const { window } = new JSDOM(await page.text(), { url: `${b.origin}/register` });
  const form = window.document.querySelector('form');
  if (!form) throw new Error(`/register answered ${page.status} without a form`);
  for (const [field, value] of Object.entries(person)) {
    (form.elements.namedItem(field) as HTMLInputElement).value = value;
  }
  const body = new FormData();
  for (const [key, value] of new window.FormData(form)) body.append(key, value as string);
  const submitted = await b.request('/register', { method: 'POST', body });
  return { page, submitted };
}
