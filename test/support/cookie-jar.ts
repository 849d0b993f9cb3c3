// Node's fetch keeps no cookies: a browser's jar, by hand, for one origin. It keeps Secure cookies over
// http://127.0.0.1 too (tests assert the flag itself), and forgets a cookie set with Max-Age=0.

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case (`httponly`, `secure`, `samesite`, `max-age`, `path`), valueless ones as ''. */
  attributes: Record<string, string>;
}

function parseSetCookie(header: string): SetCookie {
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  const separator = pair.indexOf('=');
  return {
    name: pair.slice(0, separator),
    value: pair.slice(separator + 1),
    attributes: Object.fromEntries(
      attributes.map((attribute) => {
        const equals = attribute.indexOf('=');
        return equals < 0 ? [attribute.toLowerCase(), ''] : [attribute.slice(0, equals).toLowerCase(), attribute.slice(equals + 1)];
      }),
    ),
  };
}

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps what a response set (and drops what it cleared); answers what it set, for assertions. */
  store(response: Response): SetCookie[] {
    const set = response.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of set) {
      if (cookie.attributes['max-age'] === '0') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return set;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** The `Cookie` request header, or none when the jar is empty. */
  header(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}
