import { registerDecorator } from 'class-validator';

/** `api.example.com`, or `*.example.com` for exactly one label in front of example.com. */
export const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** `http://127.0.0.1:8080`, `https://gladly.internal:8443`, port `*` for any. */
export const ORIGIN_ENTRY = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?$/;

/** Why an entry of the vendor host allow-list is unusable, or undefined. */
export function vendorHostEntryProblem(entry: string): string | undefined {
  const lower = entry.toLowerCase();
  return HOST_PATTERN.test(lower) || ORIGIN_ENTRY.test(lower)
    ? undefined
    : `"${entry}" is neither a host name (api.example.com, *.example.com) nor an origin (http://127.0.0.1:8080, port * for any)`;
}

/** Each entry of the property is a vendor host allow-list entry (VENDOR_HOST_ALLOWLIST). */
export function IsVendorHostEntry(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isVendorHostEntry',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every((entry) => typeof entry === 'string' && vendorHostEntryProblem(entry) === undefined),
        defaultMessage: (args) => {
          const entries: unknown[] = Array.isArray(args?.value) ? args.value : [args?.value];
          const bad = entries.map((entry) => (typeof entry === 'string' ? vendorHostEntryProblem(entry) : 'an entry is not a string')).find(Boolean);
          return `each ${args?.property ?? 'entry'} entry must be a host name or an origin: ${bad ?? ''}`;
        },
      },
    });
}
