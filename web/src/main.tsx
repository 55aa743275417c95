/** Boots the portal: configuration, a pending hosted-UI sign-in, the server clock, then the app. */
import { render } from 'preact';
import { App } from './app.js';
import { completeCognitoSignIn } from './auth.js';
import { syncServerClock } from './clock.js';
import { loadConfig } from './config.js';
import './styles.css';

const root = document.getElementById('app')!;

try {
  await loadConfig();
  const returnTo = await completeCognitoSignIn().catch((error: unknown) => {
    console.error(error);
    return '/signin?failed=1';
  });
  if (returnTo) history.replaceState(null, '', returnTo);
  await syncServerClock();
  render(<App />, root);
} catch (error) {
  root.innerHTML = '<main><h1>МЭКС</h1><p role="alert">Портал недоступен. · Портал қолжетімсіз. · The portal is unavailable.</p></main>';
  console.error(error);
}
