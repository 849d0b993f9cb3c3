import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { compactVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import type { JsonObject } from '../common/json.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { SecretState } from '../secrets/entities/integration-secret.entity.js';
import { SecretsService, type VerificationKey } from '../secrets/secrets.service.js';
import { VendorRegistry } from '../vendors/vendor-registry.js';
import type { IntegrationRef, VendorStrategy } from '../vendors/vendor-strategy.js';
import type { InspectionReportView, SignatureVerdictView } from './dto/inspection.dto.js';
import { decodeUntrustedJwt, type UntrustedJwt } from './untrusted-jwt.js';

/**
 * The token inspector: decodes a token without trusting it, tells which stored secret version (if
 * any) signed it, and runs every rule of the integration's vendor. Works on disabled integrations too.
 */
@Injectable()
export class InspectorService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly secrets: SecretsService,
    private readonly vendors: VendorRegistry,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async inspect(slug: string, token: string, context: AuditContext): Promise<InspectionReportView> {
    const decoded = decodeUntrustedJwt(token);
    const [view, owner] = await Promise.all([this.integrations.get(slug), this.integrations.owner(slug)]);
    const strategy = this.vendors.get(view.vendor);
    const integration: IntegrationRef<unknown> = { id: owner.id, slug, vendor: view.vendor, settings: strategy.parseSettings(view.settings) };
    const signature = await this.verify(decoded, integration, strategy);
    const findings = strategy.inspect({ raw: decoded.raw, header: decoded.header, claims: decoded.claims }, integration);
    const ok = (signature.valid || !signature.verifiable) && findings.every((finding) => finding.ok);
    const report: InspectionReportView = { integration: slug, vendor: view.vendor, ok, header: decoded.header, claims: decoded.claims, signature, findings };
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, context, { action: 'token.inspected', target: `integration:${slug}`, details: auditDetails(report) }),
    );
    return report;
  }

  private async verify(token: UntrustedJwt, integration: IntegrationRef<unknown>, strategy: VendorStrategy): Promise<SignatureVerdictView> {
    if (strategy.mintedByVendor) {
      const vendor = displayName(integration.vendor);
      return {
        valid: false,
        verifiable: false,
        message: `${vendor} mints and signs these tokens with its own key, not a secret stored here: only ${vendor} can verify the signature. The findings check the rest.`,
      };
    }
    const alg = token.header.alg;
    if (alg !== 'HS256') {
      const found = alg === undefined || alg === 'none' ? 'The token is unsigned (alg "none" or missing)' : `alg is ${JSON.stringify(alg)}`;
      return {
        valid: false,
        verifiable: true,
        message: `${found}: only HS256 signatures are checked, and nothing else is ever accepted; sign with HS256 and the vendor secret.`,
      };
    }
    const keys = await this.secrets.getVerificationKeys(integration.id);
    if (keys.length === 0) {
      return {
        valid: false,
        verifiable: true,
        message: `Integration "${integration.slug}" has no active or retired secret to check against; add one (POST /v1/admin/integrations/${integration.slug}/secrets).`,
      };
    }
    for (const key of keys) {
      if (await isSignedWith(token.compact, key.key)) return signedBy(key, keys);
    }
    return {
      valid: false,
      verifiable: true,
      message:
        `The signature matches none of the usable secrets (version ${keys.map((key) => key.version).join(', ')}): the token was signed with ` +
        `another secret (a revoked version, another integration's, or a mistyped one). Re-issue it with POST /v1/identity/${integration.slug}.`,
    };
  }
}

async function isSignedWith(compact: string, key: KeyObject): Promise<boolean> {
  try {
    // Signature only, HS256 only: expiry and the other claims are the findings' business.
    await compactVerify(compact, key, { algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
}

function signedBy(key: VerificationKey, keys: VerificationKey[]): SignatureVerdictView {
  if (key.state === SecretState.Active) {
    return { valid: true, verifiable: true, version: key.version, state: 'active', message: `Signed with version ${key.version}, the active secret.` };
  }
  const active = keys.find((candidate) => candidate.state === SecretState.Active);
  return {
    valid: true,
    verifiable: true,
    version: key.version,
    state: 'retired',
    message:
      `Signed with version ${key.version}, a retired secret: the vendor accepts it only while it still holds that secret ` +
      `(after a rotation on the vendor's side it does not).${active ? ` New tokens are signed with version ${active.version}.` : ''}`,
  };
}

/** The verdict, never the token or its claims. */
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

function displayName(vendor: string): string {
  return vendor.charAt(0).toUpperCase() + vendor.slice(1);
}
