import QRCode from 'qrcode';
import { sessionEnders } from '../../sandbox/describe.ts';
import type { Sandbox } from '../../sandbox/index.ts';

/** The Volven demo TOTP secret as a QR code an authenticator app can scan from the terminal. */
export async function totpQrCode(sandbox: Sandbox): Promise<string> {
  return QRCode.toString(sandbox.totpUri, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
}

export async function printWelcome(sandbox: Sandbox, profileNames: string[]): Promise<void> {
  console.log(
    [
      '',
      'Demo profiles in the extension: ' + profileNames.join(', ') + '.',
      '',
      'Sign in from the popup with:',
      '    Volven demo            trader@volven.test / volven-demo, then the code from your authenticator app',
      '    ETNA demo              etna-trader / etna-demo, then the code from the outbox:',
      `                           http://127.0.0.1:${sandbox.ports.etna}/__sandbox/outbox`,
      '    TraderEvolution demo   te-trader / te-demo (no code step)',
      '',
      ...sessionEnders(sandbox),
      '',
      `Volven's TOTP: ${sandbox.totpUri}`,
      'Scan it into an authenticator app:',
      await totpQrCode(sandbox),
    ].join('\n'),
  );
}
