// Usage: node validate.mjs <issuer> <client_id> <client_secret> <audience> [<extra access token to validate>]
// Discovers the issuer with openid-client (which checks that the document's issuer is the URL it was fetched for),
// obtains a token with the client_credentials grant, and validates it, and the extra token if given, as an RFC 9068
// access token for <audience> (oauth4webapi: typ at+jwt, signature by the JWKS, iss, aud, exp, iat, sub, jti,
// client_id). Prints one JSON line; exits non-zero on any refusal.
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';

const [issuer, clientId, clientSecret, audience, extraToken] = process.argv.slice(2);

async function validate(as, token) {
  const request = new Request('http://resource.invalid/', { headers: { authorization: `Bearer ${token}` } });
  return oauth.validateJwtAccessToken(as, request, audience, { [oauth.allowInsecureRequests]: true });
}

try {
  const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined,
    { execute: [client.allowInsecureRequests] });
  const as = config.serverMetadata();
  const tokens = await client.clientCredentialsGrant(config);
  const claims = await validate(as, tokens.access_token);
  const result = { ok: true, issuer: as.issuer, tokenType: tokens.token_type, claims };
  if (extraToken) {
    result.extraClaims = await validate(as, extraToken);
  }
  console.log(JSON.stringify(result));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e), code: e.code, cause: e.cause ? String(e.cause) : undefined }));
  process.exit(1);
}
