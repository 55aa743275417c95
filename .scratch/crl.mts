import { openDevCa } from '/work/wt-h6-sign/infra/local/dev-ca.ts';
import * as pkijs from 'pkijs';
const ca = await openDevCa({ crlBaseUrl: 'http://x', now: () => new Date() });
const c = await ca.issue({ bin: '180540012343' });
await ca.revoke(c.certificate);
const der = await ca.crl('issuing');
try {
const crl = pkijs.CertificateRevocationList.fromBER(der.slice().buffer);
const issuer = pkijs.Certificate.fromBER(Buffer.from(ca.issuingPem.replace(/-----[^-]+-----|\s/g,''),'base64'));
console.log(crl.issuer.isEqual(issuer.subject), await crl.verify({ issuerCertificate: issuer }));
} catch (e) { console.log('ERR', e); }
import { writeFileSync } from 'node:fs';
writeFileSync('.scratch/i.crl', der);
