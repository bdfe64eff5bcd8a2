// The local development OpenID Connect provider for Samen (oidc-provider 8.x).
// NEVER for production: every account shares one demo password and sessions live in
// memory. See idp/README.md for the environment it reads.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import Provider from 'oidc-provider';

const here = path.dirname(fileURLToPath(import.meta.url));

const port = Number(process.env.SAMEN_IDP_PORT || 9400);
const issuer = (process.env.SAMEN_IDP_ISSUER || `http://localhost:${port}`).replace(/\/+$/, '');
const stateDir = path.resolve(process.env.SAMEN_IDP_STATE_DIR || path.join(here, '..', '.local', 'idp'));
const accountsFile = path.resolve(process.env.SAMEN_IDP_ACCOUNTS || path.join(here, 'demo-accounts.json'));
const demoPassword = process.env.SAMEN_IDP_PASSWORD || 'demo';
const webSecret = process.env.SAMEN_IDP_WEB_CLIENT_SECRET || 'samen-web-demo-secret';
const list = (value, fallback) => (value || fallback).split(',').map((s) => s.trim()).filter(Boolean);
const webRedirectUris = list(process.env.SAMEN_IDP_WEB_REDIRECT_URIS, 'http://localhost:8080/auth/callback');
const webPostLogoutUris = list(process.env.SAMEN_IDP_WEB_POST_LOGOUT_URIS, 'http://localhost:8080/');
const insecure = issuer.startsWith('http:');

// ---------------------------------------------------------------- accounts
const directory = JSON.parse(fs.readFileSync(accountsFile, 'utf8'));
const providerName = process.env.SAMEN_IDP_NAME || directory.provider_name || 'Schoolbestuur';
const accountsBySub = new Map();
const accountsByEmail = new Map();
for (const a of directory.accounts) {
  if (!a.sub || !a.email || !a.name) throw new Error(`${accountsFile}: every account needs sub, email and name`);
  accountsBySub.set(a.sub, a);
  accountsByEmail.set(a.email.toLowerCase(), a);
}

function checkPassword(given) {
  const a = crypto.createHash('sha256').update(String(given)).digest();
  const b = crypto.createHash('sha256').update(demoPassword).digest();
  return crypto.timingSafeEqual(a, b);
}

// ---------------------------------------------------------------- keys (kept in the state dir)
fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });

function b64u(buf) { return Buffer.from(buf).toString('base64url'); }

// RFC 7638 JWK thumbprint, used as kid.
function thumbprint(jwk) {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
    : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return b64u(crypto.createHash('sha256').update(JSON.stringify(members)).digest());
}

function signingKey(type, options, alg) {
  const { privateKey } = crypto.generateKeyPairSync(type, options);
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), use: 'sig', alg };
}

function loadOrCreate(file, create) {
  const full = path.join(stateDir, file);
  if (fs.existsSync(full)) return JSON.parse(fs.readFileSync(full, 'utf8'));
  const value = create();
  fs.writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  return value;
}

const jwks = loadOrCreate('jwks.json', () => ({
  keys: [
    signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
    signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
  ],
}));
const cookieKeys = loadOrCreate('cookie-keys.json', () => [crypto.randomBytes(32).toString('hex')]);

// ---------------------------------------------------------------- pages
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:26rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.4rem;margin-top:0}
label{display:block;margin-top:1rem;font-weight:600}
input{box-sizing:border-box;width:100%;padding:.6rem;margin-top:.3rem;font-size:1rem;border:1px solid #6b7280;border-radius:4px}
input:focus,button:focus{outline:3px solid #1d4ed8;outline-offset:2px}
button{margin-top:1.5rem;padding:.7rem 1.2rem;font-size:1rem;border:0;border-radius:4px;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary{background:#e5e7eb;color:#1b1f24;margin-left:.5rem}
.error{padding:.8rem;border-left:4px solid #b91c1c;background:#fef2f2;color:#7f1d1d}
.note{font-size:.9rem;color:#4b5563}`;

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function loginPage(uid, { email = '', error = '' } = {}) {
  const title = `Inloggen bij ${providerName} (demo)`;
  return page(title, `<h1>${esc(title)}</h1>
${error ? `<p class="error" role="alert" id="login-error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" novalidate>
<label for="email">E-mailadres</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${esc(email)}"${error ? ' aria-describedby="login-error" aria-invalid="true"' : ''}${email ? '' : ' autofocus'}>
<label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${email ? ' autofocus' : ''}>
<button type="submit">Inloggen</button>
</form>
<p class="note">Lokale ontwikkelomgeving: dit is geen echte inlogdienst.${demoPassword === 'demo'
    ? ' Elke demopersoon logt in met het eigen e-mailadres en het wachtwoord <strong>demo</strong>.' : ''}</p>`);
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function send(res, status, html) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
  res.end(html);
}

// ---------------------------------------------------------------- provider
const clients = [
  {
    client_id: 'samen-web',
    client_secret: webSecret,
    client_name: 'Samen',
    application_type: 'web',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: webRedirectUris,
    post_logout_redirect_uris: webPostLogoutUris,
  },
  {
    client_id: 'samen-app',
    client_name: 'Samen-app',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // Loopback redirects match on any port (RFC 8252 §7.3).
    redirect_uris: ['http://127.0.0.1/callback', 'nl.samen.app:/callback'],
  },
];

const configuration = {
  clients,
  jwks,
  cookies: {
    keys: cookieKeys,
    // Over plain http (development) SameSite=None cookies are refused by browsers, and
    // cookies are never marked Secure (oidc-provider only does so on https requests).
    long: { httpOnly: true, sameSite: insecure ? 'lax' : 'none', signed: true },
    short: { httpOnly: true, sameSite: 'lax', signed: true },
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  scopes: ['openid', 'email', 'profile'],
  responseTypes: ['code'],
  conformIdTokenClaims: false, // the ID token itself carries email, email_verified and name
  pkce: { methods: ['S256'], required: () => true },
  clientBasedCORS: () => false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource(ctx, form) {
        // The provider's form (hidden xsrf field) with the buttons inside it, so that a
        // plain HTTP client can post it: xsrf=...&logout=yes signs out.
        const buttons = `<p>Wil je uitloggen bij ${esc(providerName)} (demo)?</p>
<button type="submit" name="logout" value="yes" autofocus>Ja, uitloggen</button>
<button type="submit" class="secondary">Nee, ingelogd blijven</button>`;
        ctx.type = 'html';
        ctx.set(SECURITY_HEADERS);
        ctx.body = page('Uitloggen', `<h1>Uitloggen</h1>\n${form.replace('</form>', `${buttons}\n</form>`)}`);
      },
      postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.set(SECURITY_HEADERS);
        ctx.body = page('Uitgelogd', `<h1>Je bent uitgelogd</h1>
<p>Je bent uitgelogd bij ${esc(providerName)} (demo).</p>`);
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accountsBySub.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: account.email,
          email_verified: account.email_verified !== false,
          name: account.name,
        };
      },
    };
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.set(SECURITY_HEADERS);
    ctx.body = page('Er ging iets mis', `<h1>Er ging iets mis</h1>
<p role="alert">Het inloggen kon niet worden afgerond.</p>
<dl>${Object.entries(out).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`);
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 3600,
    Session: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
  },
};

const provider = new Provider(issuer, configuration);

// First-party clients: consent is granted automatically, for exactly the requested
// OpenID scopes and claims.
async function grantFor(details, accountId) {
  const { params, prompt } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  const scope = prompt.details.missingOIDCScope?.join(' ') || params.scope;
  if (scope) grant.addOIDCScope(scope);
  const claims = new Set(prompt.details.missingOIDCClaims || []);
  if (params.claims) {
    try {
      const requested = JSON.parse(params.claims);
      for (const part of [requested.id_token, requested.userinfo]) {
        for (const name of Object.keys(part || {})) claims.add(name);
      }
    } catch { /* the provider already rejected malformed claims */ }
  }
  if (claims.size) grant.addOIDCClaims([...claims]);
  return grant.save();
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    send(res, 400, page('Sessie verlopen', `<h1>Sessie verlopen</h1>
<p role="alert">Deze inlogpoging is verlopen of ongeldig. Ga terug naar Samen en probeer het opnieuw.</p>`));
    return;
  }
  if (details.uid !== uid) {
    send(res, 400, page('Ongeldige aanvraag', '<h1>Ongeldige aanvraag</h1>'));
    return;
  }
  const { prompt, params } = details;

  if (prompt.name === 'consent') {
    // Signed in already; consent for a first-party client needs no page.
    const grantId = await grantFor(details, details.session.accountId);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }

  if (req.method === 'GET' && !action) {
    send(res, 200, loginPage(uid, { email: params.login_hint || '' }));
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const email = (form.get('email') || '').trim();
    const account = accountsByEmail.get(email.toLowerCase());
    if (!account || !checkPassword(form.get('password') || '')) {
      send(res, 401, loginPage(uid, { email, error: 'E-mailadres of wachtwoord klopt niet.' }));
      return;
    }
    const grantId = await grantFor(details, account.sub);
    await provider.interactionFinished(req, res, {
      login: { accountId: account.sub, amr: ['pwd'] },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
    return;
  }
  send(res, 405, page('Niet toegestaan', '<h1>Niet toegestaan</h1>'));
}

const handleProvider = provider.callback();

async function handle(req, res) {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok\n');
    return;
  }
  const m = url.pathname.match(/^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?\/?$/);
  if (m) {
    try {
      await interaction(req, res, m[1], m[2]);
    } catch (err) {
      console.error('interaction failed:', err);
      if (!res.headersSent) send(res, 500, page('Er ging iets mis', '<h1>Er ging iets mis</h1>'));
      else res.end();
    }
    return;
  }
  handleProvider(req, res);
}

provider.on('server_error', (ctx, err) => console.error('server_error:', err));

// Loopback only: IPv4 always, IPv6 when the machine has it (localhost may resolve to ::1).
const servers = [];
function listen(host) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handle);
    server.once('error', reject);
    server.listen(port, host, () => { servers.push(server); resolve(); });
  });
}
await listen('127.0.0.1');
try {
  await listen('::1');
} catch (err) {
  console.error(`samen-idp: not listening on [::1]:${port} (${err.code || err.message})`);
}
console.log(`samen-idp: ${issuer} (${accountsBySub.size} accounts from ${accountsFile}, keys in ${stateDir})`);

function shutdown() {
  for (const s of servers) s.close();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
