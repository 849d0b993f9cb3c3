/** Layering rules of src/ (docs/design.md, "Layering"): arrows point from features to the kernel, never back. */
const FEATURES = '^src/(users|secrets|integrations|identity|audit|admin-auth|inspector|jwks|health|metrics-endpoint|demo|browser-sdk|browser|openapi|console)/';
const INFRASTRUCTURE = '^src/(database|change-feed|rate-limit|metrics|logging|config)/';
const VENDORS = '^src/vendors/';
const WIRING = '^src/(chat-identity[^/]*|app\\.module|http-app|main|index|entities)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-nothing-above-it',
      comment: 'src/common/ is the kernel: no feature, infrastructure, vendor or module wiring.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: [FEATURES, INFRASTRUCTURE, VENDORS, WIRING] },
    },
    {
      name: 'infrastructure-imports-no-feature',
      comment: 'Infrastructure serves the features; it knows none of them and no vendor.',
      severity: 'error',
      from: { path: INFRASTRUCTURE },
      to: { path: [FEATURES, VENDORS] },
    },
    {
      name: 'vendors-import-no-feature',
      comment: 'Vendors turn claims into credentials; cache purges reach them as change-feed events.',
      severity: 'error',
      from: { path: VENDORS },
      to: { path: '^src/(users|secrets|integrations|identity|audit|admin-auth|inspector|jwks)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
