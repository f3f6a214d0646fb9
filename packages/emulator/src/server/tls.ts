// A local certificate authority and a server certificate for localhost/127.0.0.1, made once and kept in a directory.
// Clients trust the CA (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE or an explicit `ca`); verification is never turned off.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  caCertPath: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

const CA_CERT = 'ca.pem';
const CA_KEY = 'ca-key.pem';
const SERVER_CERT = 'server.pem';
const SERVER_KEY = 'server-key.pem';

export function ensureTls(dir: string): TlsMaterial {
  mkdirSync(dir, { recursive: true });
  const paths = [CA_CERT, CA_KEY, SERVER_CERT, SERVER_KEY].map((f) => join(dir, f));
  if (!paths.every((p) => existsSync(p))) createTls(dir);
  return {
    caCertPath: join(dir, CA_CERT),
    caCertPem: readFileSync(join(dir, CA_CERT), 'utf8'),
    certPem: readFileSync(join(dir, SERVER_CERT), 'utf8'),
    keyPem: readFileSync(join(dir, SERVER_KEY), 'utf8'),
  };
}

// node:crypto makes the RSA keys (forge's pure-JS key generation takes seconds); forge only builds the certificates.
function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function serial(): string {
  // A positive serial number: clear the top bit.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function createTls(dir: string): void {
  const caKeys = rsaKeyPair();
  const caPrivate = forge.pki.privateKeyFromPem(caKeys.privateKeyPem);
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = forge.pki.publicKeyFromPem(caKeys.publicKeyPem);
  caCert.serialNumber = serial();
  caCert.validity.notBefore = new Date(Date.now() - 60_000);
  caCert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const caSubject = [{ name: 'commonName', value: 'amplink emulator local CA' }];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caPrivate, forge.md.sha256.create());

  const serverKeys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(serverKeys.publicKeyPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  // Under 398 days: clients such as Python's may refuse longer-lived leaf certificates.
  cert.validity.notAfter = new Date(Date.now() + 390 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caPrivate, forge.md.sha256.create());

  writeAtomically(join(dir, CA_KEY), caKeys.privateKeyPem);
  writeAtomically(join(dir, SERVER_KEY), serverKeys.privateKeyPem);
  writeAtomically(join(dir, SERVER_CERT), forge.pki.certificateToPem(cert));
  // The CA certificate last: its presence marks the set complete.
  writeAtomically(join(dir, CA_CERT), forge.pki.certificateToPem(caCert));
}

function writeAtomically(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  renameSync(temp, file);
}
