package io.herald.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What auth-service reads from configuration (docs/architecture.md §6): one mapping per prefix, none inside
 * another, each key an env var (e.g. {@code herald.public-url} is HERALD_PUBLIC_URL). Inject the one you need
 * ({@code AuthConfig.Jwt}, ...). Local secrets ({@code herald.local-secrets.*}) are common's {@code LocalSecrets};
 * the platforms' origins and timeouts are the REST clients' ({@code quarkus.rest-client.*}, application.properties).
 */
@ConfigMapping(prefix = "herald")
public interface AuthConfig {

  /** Externally reachable base URL of auth-service, used to build the OAuth redirect URIs. */
  @WithDefault("http://localhost:8081")
  String publicUrl();

  /** Client id of Herald's own services (client_credentials grant, role {@code service}). */
  @WithDefault("herald-services")
  String serviceClientId();

  /** Secret of Herald's own services; required in prod, generated locally in dev/test when absent. */
  Optional<String> serviceClientSecret();

  /** Access tokens ({@code herald.jwt.*}). */
  @ConfigMapping(prefix = "herald.jwt")
  interface Jwt {
    /** RS256 private key (PKCS#8 PEM) used to sign access tokens. */
    Optional<String> signingKey();

    /** The {@code kid} of {@link #signingKey()}. */
    @WithDefault("herald-auth-1")
    String keyId();

    /** A JWKS document of further public keys to keep publishing and accepting (previous keys during a rotation). */
    Optional<String> additionalJwks();

    /** The {@code iss} claim of issued tokens. */
    @WithDefault("herald-auth")
    String issuer();

    /** Lifetime of access tokens. */
    @WithDefault("PT15M")
    Duration accessTokenLifetime();

    /** Lifetime of refresh tokens (each use rotates it). */
    @WithDefault("P30D")
    Duration refreshTokenLifetime();
  }

  /** Encryption of platform tokens at rest ({@code herald.crypto.*}). */
  @ConfigMapping(prefix = "herald.crypto")
  interface Crypto {
    /** Token-encryption keys as {@code kid:base64(32 bytes)}, comma-separated; old ids keep decrypting. */
    Optional<List<String>> keys();

    /** The key id used for new writes; defaults to the last key of {@link #keys()}. */
    Optional<String> activeKey();
  }

  /** Login throttling, passwords and invitations ({@code herald.login.*}). */
  @ConfigMapping(prefix = "herald.login")
  interface Login {
    /** Failed logins for one email within {@link #window()} before it is throttled. */
    @WithDefault("5")
    int maxFailuresPerEmail();

    /** Failed logins from one client address within {@link #window()} before it is throttled. */
    @WithDefault("20")
    int maxFailuresPerAddress();

    /** The throttling window. */
    @WithDefault("PT15M")
    Duration window();

    /** Minimum password length. */
    @WithDefault("12")
    int minPasswordLength();

    /** How long an invitation stays valid. */
    @WithDefault("P7D")
    Duration invitationLifetime();
  }

  /** The Facebook app and login dialog ({@code herald.facebook.*}). */
  @ConfigMapping(prefix = "herald.facebook")
  interface Facebook {
    /** Facebook app id. */
    Optional<String> appId();

    /** Facebook app secret. */
    Optional<String> appSecret();

    /** Graph API version put in front of every path. */
    @WithDefault("v21.0")
    String apiVersion();

    /** Origin of the login dialog ({@code {dialog-url}/{version}/dialog/oauth}). */
    @WithDefault("https://www.facebook.com")
    String dialogUrl();

    /** Permissions requested at connect. */
    @WithDefault("pages_show_list,pages_read_engagement,pages_manage_posts")
    String scopes();
  }

  /** The TikTok app, its login page and the token refresh loop ({@code herald.tiktok.*}). */
  @ConfigMapping(prefix = "herald.tiktok")
  interface Tiktok {
    /** TikTok client key. */
    Optional<String> clientKey();

    /** TikTok client secret. */
    Optional<String> clientSecret();

    /** TikTok authorization origin ({@code /v2/auth/authorize/}). */
    @WithDefault("https://www.tiktok.com")
    String authUrl();

    /** Scopes requested at connect. */
    @WithDefault("user.info.basic,video.publish,video.upload")
    String scopes();

    /** How often the refresh loop looks for tokens to refresh. */
    @WithDefault("60s")
    Duration refreshEvery();

    /** Refresh an access token once less than this fraction of its life is left. */
    @WithDefault("0.2")
    double refreshAtRemainingFraction();
  }
}
