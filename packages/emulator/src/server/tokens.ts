// Access tokens: RS256 JWTs signed with a key the emulator keeps beside its certificates.
// Azure CLI decodes the MSI token without verifying it, but reads `tid` (azure-cli core/_profile.py login_with_managed_identity).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, importPKCS8, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';

export const TOKEN_LIFETIME_SECONDS = 3600;

/** Audiences ARM accepts: the management resources clients ask for, with or without trailing slash. */
export const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.azure.com/',
  'https://management.core.windows.net',
  'https://management.azure.com',
];

/** DOMAIN.md "Checking that data arrives": PromQL against an AMW. */
export const PROMETHEUS_AUDIENCE = 'https://prometheus.monitor.azure.com';
/** The Log Analytics query API's audience (the scope @azure/monitor-query-logs asks for). */
export const LOG_ANALYTICS_AUDIENCE = 'https://api.loganalytics.io';

export interface TokenClaims extends JWTPayload {
  oid: string;
  tid: string;
  aud: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresOn: number;
}

export class TokenService {
  private readonly verified = new Map<string, TokenClaims>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly issuerBase: string,
    private readonly acceptedAudiences: Set<string>,
  ) {}

  static async create(dir: string, issuerBase: string, baseUrl: string): Promise<TokenService> {
    const file = join(dir, 'token-signing-key.pem');
    const pubFile = join(dir, 'token-signing-key.pub.pem');
    if (!existsSync(file) || !existsSync(pubFile)) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      writeFileSync(`${pubFile}.tmp`, publicKey);
      renameSync(`${pubFile}.tmp`, pubFile);
      writeFileSync(`${file}.tmp`, privateKey, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    }
    const privateKey = await importPKCS8(readFileSync(file, 'utf8'), 'RS256');
    const publicKey = await importSPKI(readFileSync(pubFile, 'utf8'), 'RS256');
    const audiences = new Set([...ARM_AUDIENCES, baseUrl, `${baseUrl}/`]);
    return new TokenService(privateKey, publicKey, issuerBase, audiences);
  }

  async issue(input: { tenantId: string; objectId: string; audience: string; appId?: string }): Promise<IssuedToken> {
    const now = Math.floor(Date.now() / 1000);
    const expiresOn = now + TOKEN_LIFETIME_SECONDS;
    const accessToken = await new SignJWT({
      oid: input.objectId,
      tid: input.tenantId,
      sub: input.objectId,
      appid: input.appId ?? input.objectId,
      idtyp: 'app',
      ver: '1.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(`https://sts.windows.net/${input.tenantId}/`)
      .setAudience(input.audience)
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(expiresOn)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { accessToken, expiresOn };
  }

  /** Claims of a valid, unexpired token for ARM; undefined otherwise (the caller answers 401). */
  async verifyForArm(token: string): Promise<{ claims?: TokenClaims; problem?: 'expired' | 'invalid' | 'audience' }> {
    return this.verify(token, this.acceptedAudiences);
  }

  /** Claims of a valid, unexpired token for one of `audiences` (a trailing slash is ignored), e.g. the query APIs. */
  async verifyFor(
    token: string,
    audiences: readonly string[],
  ): Promise<{ claims?: TokenClaims; problem?: 'expired' | 'invalid' | 'audience' }> {
    const accepted = new Set(audiences.flatMap((a) => [a.replace(/\/+$/, ''), `${a.replace(/\/+$/, '')}/`]));
    return this.verify(token, accepted);
  }

  private async verify(
    token: string,
    accepted: Set<string>,
  ): Promise<{ claims?: TokenClaims; problem?: 'expired' | 'invalid' | 'audience' }> {
    let claims = this.verified.get(token);
    if (claims) {
      if ((claims.exp ?? 0) * 1000 <= Date.now()) {
        this.verified.delete(token);
        return { problem: 'expired' };
      }
    } else {
      try {
        const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'] });
        if (typeof payload['oid'] !== 'string' || typeof payload['tid'] !== 'string' || typeof payload.aud !== 'string')
          return { problem: 'invalid' };
        claims = payload as TokenClaims;
        if (this.verified.size > 10_000) this.verified.clear();
        this.verified.set(token, claims);
      } catch (error) {
        const code = (error as { code?: string }).code;
        return { problem: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
      }
    }
    if (!accepted.has(claims.aud)) return { problem: 'audience' };
    return { claims };
  }
}
