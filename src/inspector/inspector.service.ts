import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { compactVerify } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { validationFailed } from '../common/chat-identity.error.js';
import type { JsonObject } from '../common/json.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { SecretState } from '../secrets/secret-state.js';
import { SecretsService, type VerificationKey } from '../secrets/secrets.service.js';
import { HexHmacSigner } from '../vendors/hex-hmac-signer.js';
import { CredentialKind, type VendorDefinition } from '../vendors/vendor-definition.js';
import { VendorRegistry } from '../vendors/vendor-registry.js';
import {
  type HashVendorStrategy,
  type InspectionFinding,
  type IntegrationRef,
  isHashStrategy,
  isMintedStrategy,
  type JwtVendorStrategy,
  type SignedValue,
  type VendorStrategy,
} from '../vendors/vendor-strategy.js';
import type { InspectCredentialDto, InspectionReportView, SignatureVerdictView } from './dto/inspection.dto.js';
import { decodeUntrustedJwt, type UntrustedJwt } from './untrusted-jwt.js';

type Examination = Pick<InspectionReportView, 'header' | 'claims' | 'signed' | 'signature' | 'findings'>;

/** The algorithm each signed-here JWT kind is made with; nothing else is ever accepted. */
const JWT_ALGORITHM: Record<CredentialKind.Hs256Jwt | CredentialKind.Rs256Jwt, 'HS256' | 'RS256'> = {
  [CredentialKind.Hs256Jwt]: 'HS256',
  [CredentialKind.Rs256Jwt]: 'RS256',
};

/**
 * The credential inspector: reads what a widget was handed without trusting it, tells which stored
 * secret version (if any) made it, and runs every rule of the integration's vendor. It dispatches by
 * credential kind: JWTs are decoded and their signature checked, hash signatures recomputed over the
 * signed value, vendor-minted tokens read only. Works on disabled integrations too.
 */
@Injectable()
export class InspectorService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly secrets: SecretsService,
    private readonly vendors: VendorRegistry,
    private readonly hmac: HexHmacSigner,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async inspect(slug: string, input: InspectCredentialDto, context: AuditContext): Promise<InspectionReportView> {
    const [view, owner] = await Promise.all([this.integrations.get(slug), this.integrations.owner(slug)]);
    const strategy = this.vendors.get(view.vendor);
    const integration: IntegrationRef<object> = { id: owner.id, slug, vendor: view.vendor, settings: strategy.parseSettings(view.settings) };
    const examination = await this.examine(strategy, integration, input);
    const { signature, findings } = examination;
    const ok = (signature.valid || !signature.verifiable) && findings.every((finding) => finding.ok);
    const report: InspectionReportView = { integration: slug, vendor: view.vendor, ok, ...examination };
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, context, { action: 'token.inspected', target: `integration:${slug}`, details: auditDetails(report) }),
    );
    return report;
  }

  private async examine(strategy: VendorStrategy, integration: IntegrationRef<object>, input: InspectCredentialDto): Promise<Examination> {
    if (isHashStrategy(strategy)) {
      const value = signedValueOf(input, strategy.definition);
      const signature = await this.verifyHash(value, integration);
      const findings = strategy.inspect(value, integration);
      if (signature.version === undefined) findings.push(...(await this.nearMissFindings(strategy, value, integration)));
      return { signed: value.signed, signature, findings };
    }
    const raw = tokenOf(input, strategy.definition);
    if (isMintedStrategy(strategy)) {
      const jwt = decodeIfJwt(raw);
      const signature = mintedVerdict(strategy.definition);
      return { header: jwt?.header, claims: jwt?.claims, signature, findings: strategy.inspect({ raw, jwt }, integration) };
    }
    const token = decodeUntrustedJwt(raw);
    const signature = await this.verifyJwt(token, integration, strategy);
    return { header: token.header, claims: token.claims, signature, findings: strategy.inspect(token, integration) };
  }

  private async verifyJwt(token: UntrustedJwt, integration: IntegrationRef<object>, strategy: JwtVendorStrategy): Promise<SignatureVerdictView> {
    const expected = JWT_ALGORITHM[strategy.definition.credential];
    const alg = token.header.alg;
    if (alg !== expected) {
      const found = alg === undefined || alg === 'none' ? 'The token is unsigned (alg "none" or missing)' : `alg is ${JSON.stringify(alg)}`;
      return {
        valid: false,
        verifiable: true,
        message: `${found}: only ${expected} signatures are checked, and nothing else is ever accepted; sign with ${expected} and the ${keyName(strategy.definition)}.`,
      };
    }
    const verificationKey = expected === 'RS256' ? (key: KeyObject) => createPublicKey(key) : (key: KeyObject) => key;
    return this.whichVersion(integration, async (key) => {
      try {
        // Signature only, one algorithm only: expiry and the other claims are the findings' business.
        await compactVerify(token.compact, verificationKey(key.key), { algorithms: [expected] });
        return true;
      } catch {
        return false;
      }
    });
  }

  private verifyHash(value: SignedValue, integration: IntegrationRef<object>): Promise<SignatureVerdictView> {
    return this.whichVersion(integration, async (key) => this.hmac.matches(value.signature, value.signed, key));
  }

  /** When no stored version signed the value given: whether one signed a value the vendor's users often sign by mistake. */
  private async nearMissFindings(strategy: HashVendorStrategy, value: SignedValue, integration: IntegrationRef<object>): Promise<InspectionFinding[]> {
    const nearMisses = strategy.nearMisses?.(value, integration) ?? [];
    if (nearMisses.length === 0) return [];
    const keys = await this.secrets.getVerificationKeys(integration.id);
    return nearMisses.flatMap((nearMiss) => {
      const key = keys.find((candidate) => this.hmac.matches(value.signature, nearMiss.signed, candidate));
      return key ? [{ rule: nearMiss.rule, ok: false, message: `${nearMiss.message} (It matches version ${key.version}, ${key.state}.)` }] : [];
    });
  }

  /** Tries every stored version, newest first, and names the one that made the credential. */
  private async whichVersion(
    integration: IntegrationRef<object>,
    madeWith: (key: VerificationKey) => Promise<boolean>,
  ): Promise<SignatureVerdictView> {
    const keys = await this.secrets.getVerificationKeys(integration.id);
    if (keys.length === 0) {
      return {
        valid: false,
        verifiable: true,
        message: `Integration "${integration.slug}" has no stored secret to check against; add one (POST /v1/admin/integrations/${integration.slug}/secrets).`,
      };
    }
    for (const key of keys) {
      if (await madeWith(key)) return madeBy(key, keys);
    }
    return {
      valid: false,
      verifiable: true,
      message:
        `The signature matches none of the secrets stored here (version ${keys.map((key) => key.version).join(', ')}): it was made with ` +
        `another secret (another integration's, or a mistyped one). Issue a new one with POST /v1/identity/${integration.slug}.`,
    };
  }
}

function tokenOf(input: InspectCredentialDto, vendor: VendorDefinition): string {
  if (typeof input.token === 'string') return input.token;
  throw validationFailed(`${vendor.name} integrations are inspected by their token: send { "token": "..." }.`, [
    { field: 'token', message: 'token is required for this vendor' },
  ]);
}

function signedValueOf(input: InspectCredentialDto, vendor: VendorDefinition): SignedValue {
  const missing = (['signature', 'signed'] as const).filter((field) => typeof input[field] !== 'string');
  if (missing.length === 0) return { signature: input.signature!, signed: input.signed! };
  throw validationFailed(
    `${vendor.name} hands the widget a signature, not a token: send { "signature": "<hex>", "signed": "<the value that was hashed>" }.`,
    missing.map((field) => ({ field, message: `${field} is required for this vendor` })),
  );
}

/** A minted token is shown decoded when it is a JWT; anything else is the vendor's business. */
function decodeIfJwt(raw: string): UntrustedJwt | undefined {
  try {
    return decodeUntrustedJwt(raw);
  } catch {
    return undefined;
  }
}

function mintedVerdict(vendor: VendorDefinition): SignatureVerdictView {
  return {
    valid: false,
    verifiable: false,
    message: `${vendor.name} mints and signs these tokens with its own key, not a secret stored here: only ${vendor.name} can verify the signature. The findings check the rest.`,
  };
}

function keyName(vendor: VendorDefinition): string {
  return vendor.credential === CredentialKind.Rs256Jwt ? "integration's private key" : 'vendor secret';
}

function madeBy(key: VerificationKey, keys: VerificationKey[]): SignatureVerdictView {
  const { version } = key;
  const active = keys.find((candidate) => candidate.state === SecretState.Active);
  const newer = active && active.version !== version ? ` New credentials are made with version ${active.version}.` : '';
  switch (key.state) {
    case SecretState.Active:
      return { valid: true, verifiable: true, version, state: 'active', message: `Signed with version ${version}, the active secret.` };
    case SecretState.Retired:
      return {
        valid: true,
        verifiable: true,
        version,
        state: 'retired',
        message:
          `Signed with version ${version}, a retired secret: the vendor accepts it only while it still holds that secret ` +
          `(after a rotation on the vendor's side it does not).${newer}`,
      };
    case SecretState.Pending:
      return {
        valid: false,
        verifiable: true,
        version,
        state: 'pending',
        message: `Signed with version ${version}, a pending secret: nothing is signed with it here until it is activated.${newer}`,
      };
    case SecretState.Revoked:
      return {
        valid: false,
        verifiable: true,
        version,
        state: 'revoked',
        message: `Signed with version ${version}, a revoked secret: it is out of use; remove it at the vendor too, and issue a new credential.${newer}`,
      };
  }
}

/** The verdict, never the credential or its claims. */
function auditDetails(report: InspectionReportView): JsonObject {
  const { signature } = report;
  return {
    vendor: report.vendor,
    ok: report.ok,
    signatureValid: signature.valid,
    ...(signature.version === undefined ? {} : { version: signature.version }),
    ...(signature.state === undefined ? {} : { state: signature.state }),
    failedRules: report.findings.filter((finding) => !finding.ok).map((finding) => finding.rule),
  };
}
