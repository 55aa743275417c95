/**
 * Signing a bid in the browser. NCALayer (the НУЦ РК signing application, `wss://127.0.0.1:13579`, module
 * `kz.gov.pki.knca.basics`, method `sign`, CMS detached) when it answers; otherwise, in local mode only, a development
 * signer that takes the signed-in demo user's development certificate from `POST /dev/certificates` and signs in the
 * page with pkijs (loaded lazily, so nobody else downloads it).
 */
import { serverNow } from './clock.js';
import { config } from './config.js';

const NCALAYER_URL = 'wss://127.0.0.1:13579';

export type SignerKind = { kind: 'ncalayer' } | { kind: 'development'; commonName: string; serialNumber: string; bin?: string };

export interface BrowserSigner {
  readonly describe: SignerKind;
  /** Returns base64 DER of a detached CMS SignedData over the bytes whose base64 is `payload`. */
  sign(payload: string): Promise<string>;
}

export class SignerUnavailableError extends Error {
  override name = 'SignerUnavailableError';
}

/** Opens NCALayer's socket, or resolves undefined when nothing answers within `timeoutMs`. */
const connectNcaLayer = (timeoutMs = 1500): Promise<WebSocket | undefined> =>
  new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(NCALAYER_URL);
    } catch {
      resolve(undefined);
      return;
    }
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, timeoutMs);
    socket.onopen = () => {
      clearTimeout(timer);
      resolve(socket);
    };
    socket.onerror = () => {
      clearTimeout(timer);
      resolve(undefined);
    };
  });

const ncaLayerSign = (socket: WebSocket, payload: string): Promise<string> =>
  new Promise((resolve, reject) => {
    socket.onmessage = (message) => {
      let answer: { status?: boolean; code?: string; message?: string; body?: { result?: string[] } };
      try {
        answer = JSON.parse(String(message.data)) as typeof answer;
      } catch {
        return;
      }
      // NCALayer may greet with its version first; the answer to `sign` carries `status`.
      if (answer.status === undefined) return;
      socket.close();
      const cms = answer.body?.result?.[0];
      if (answer.status && cms) resolve(cms);
      else reject(new SignerUnavailableError(answer.message ?? `NCALayer refused (${answer.code ?? 'no code'})`));
    };
    socket.onclose = () => reject(new SignerUnavailableError('NCALayer closed the connection'));
    socket.send(
      JSON.stringify({
        module: 'kz.gov.pki.knca.basics',
        method: 'sign',
        args: {
          allowedStorages: null,
          format: 'cms',
          data: payload,
          signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: null },
          signerParams: { extKeyUsageOids: [], chain: [] },
          locale: 'ru',
        },
      }),
    );
  });

interface DevCertificate {
  readonly privateKey: string;
  readonly certificate: string;
  readonly chain: string[];
}

const devCertificates = new Map<string, Promise<DevCertificate>>();
const devCertificateFor = (bin: string): Promise<DevCertificate> => {
  let pending = devCertificates.get(bin);
  if (!pending) {
    pending = fetch(`${config().apiUrl}/dev/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bin }),
    }).then(async (response) => {
      if (!response.ok) throw new SignerUnavailableError(`development certificate: HTTP ${response.status}`);
      return (await response.json()) as DevCertificate;
    });
    pending.catch(() => devCertificates.delete(bin));
    devCertificates.set(bin, pending);
  }
  return pending;
};

/**
 * The signer this browser can use for `bin`: NCALayer when it answers, else (local mode) the development signer.
 * Throws `SignerUnavailableError` when there is none.
 */
export const findSigner = async (bin: string): Promise<BrowserSigner> => {
  const probe = await connectNcaLayer();
  if (probe) {
    probe.close();
    return {
      describe: { kind: 'ncalayer' },
      sign: async (payload) => {
        const socket = await connectNcaLayer(5000);
        if (!socket) throw new SignerUnavailableError('NCALayer does not answer');
        return ncaLayerSign(socket, payload);
      },
    };
  }
  if (config().auth !== 'dev') throw new SignerUnavailableError('NCALayer does not answer on this computer');
  const [certificate, cms] = await Promise.all([devCertificateFor(bin), import('../../shared/signing/cms-sign.js')]);
  return {
    describe: { kind: 'development', ...cms.describeCertificate(certificate.certificate) },
    sign: (payload) =>
      cms.signDetached({
        payload: Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)),
        privateKeyPem: certificate.privateKey,
        certificatePem: certificate.certificate,
        chainPem: certificate.chain.slice(0, 1),
        signingTime: new Date(serverNow()),
      }),
  };
};
