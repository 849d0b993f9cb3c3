import { registerDecorator } from 'class-validator';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a vendor API base URL is unusable, or undefined: https without a path; plain http only to a loopback host (tests). */
export function vendorBaseUrlProblem(value: unknown, example: string): string | undefined {
  const expected = `must be ${example} (http only for 127.0.0.1 / localhost), without a path`;
  if (typeof value !== 'string') return expected;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return secure && bare ? undefined : expected;
}

/** The property is a vendor API base URL shaped like `example` (e.g. `https://{organization}.gladly.com`). */
export function IsVendorBaseUrl(example: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isVendorBaseUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => vendorBaseUrlProblem(value, example) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'baseUrl'} ${vendorBaseUrlProblem(args?.value, example)}`,
      },
    });
}
