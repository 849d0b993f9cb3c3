import { registerDecorator } from 'class-validator';

const DEMO_PAGE_SETTINGS = ['on', 'off', 'force'] as const;
export type DemoPageSetting = (typeof DEMO_PAGE_SETTINGS)[number];

interface DemoEnvironment {
  DEMO_PAGE?: DemoPageSetting;
  DATABASE_URL?: string;
  NODE_ENV?: string;
}

const production = (environment: DemoEnvironment): boolean => environment.NODE_ENV === 'production';

/**
 * Whether the development demo is served: by default only in the zero-setup mode (embedded database,
 * generated keys) outside production; `on` asks for it, `force` also with NODE_ENV=production.
 */
export function demoPageEnabled(environment: DemoEnvironment): boolean {
  const setting = environment.DEMO_PAGE ?? (environment.DATABASE_URL || production(environment) ? 'off' : 'on');
  return setting !== 'off';
}

/** DEMO_PAGE: refuses `on` with NODE_ENV=production, where only `force` serves the demo. */
export function IsDemoPageSetting(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDemoPageSetting',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args) =>
          DEMO_PAGE_SETTINGS.includes(value as DemoPageSetting) && !(value === 'on' && production(args?.object as DemoEnvironment)),
        defaultMessage: (args) =>
          DEMO_PAGE_SETTINGS.includes(args?.value as DemoPageSetting)
            ? 'DEMO_PAGE=on is refused with NODE_ENV=production (anyone could sign in as its sample users); DEMO_PAGE=force serves it anyway'
            : 'DEMO_PAGE must be on, off or force',
      },
    });
}
