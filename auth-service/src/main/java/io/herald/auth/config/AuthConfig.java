package io.herald.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything auth-service reads from configuration (architecture §6); each key maps to an env var, e.g. HERALD_PUBLIC_URL. */
@ConfigMapping(prefix = "herald")
public interface AuthConfig {

  /** Externally reachable base URL of auth-service, used to build the OAuth redirect URIs. */
  @WithDefault("http://localhost:8081")
  String publicUrl();

  /** Client id of Herald's own services (client_credentials grant, role {@code service}). */
  @WithDefault("herald-services")
  String serviceClientId();

  /** Secret of Herald's own services; required in prod, generated into {@code herald.local-secrets.dir} in dev/test when absent. */
  Optional<String> serviceClientSecret();

  LocalSecrets localSecrets();

  Jwt jwt();

  Crypto crypto();

  Login login();

  Facebook facebook();

  Tiktok tiktok();

  /** Where dev and test keep generated keys and secrets (never used in prod). */
  interface LocalSecrets {
    /** Generate missing keys and secrets into {@link #dir()} instead of failing start-up (true in dev and test only). */
    @WithDefault("false")
    boolean generate();

    /** Directory (git-ignored) for generated keys and secrets. */
    @WithDefault(".herald")
    Path dir();
  }

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

  interface Crypto {
    /** Token-encryption keys as {@code kid:base64(32 bytes)}, comma-separated; old ids keep decrypting. */
    Optional<List<String>> keys();

    /** The key id used for new writes; defaults to the last key of {@link #keys()}. */
    Optional<String> activeKey();
  }

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

  interface Facebook {
    /** Facebook app id. */
    Optional<String> appId();

    /** Facebook app secret. */
    Optional<String> appSecret();

    /** Graph API version appended to every URL. */
    @WithDefault("v21.0")
    String apiVersion();

    /** Graph API origin. */
    @WithDefault("https://graph.facebook.com")
    String graphUrl();

    /** Graph video origin (used by publisher-worker; listed for completeness). */
    @WithDefault("https://graph-video.facebook.com")
    String graphVideoUrl();

    /** Origin of the login dialog ({@code {dialog-url}/{version}/dialog/oauth}). */
    @WithDefault("https://www.facebook.com")
    String dialogUrl();

    /** Permissions requested at connect. */
    @WithDefault("pages_show_list,pages_read_engagement,pages_manage_posts")
    String scopes();
  }

  interface Tiktok {
    /** TikTok client key. */
    Optional<String> clientKey();

    /** TikTok client secret. */
    Optional<String> clientSecret();

    /** TikTok API origin ({@code /v2/oauth/token/} etc.). */
    @WithDefault("https://open.tiktokapis.com")
    String apiUrl();

    /** TikTok authorization origin ({@code /v2/auth/authorize/}). */
    @WithDefault("https://www.tiktok.com")
    String authUrl();

    /** Scopes requested at connect. */
    @WithDefault("user.info.basic,video.publish,video.upload")
    String scopes();

    /** How often the refresh job looks for tokens to refresh. */
    @WithDefault("60s")
    Duration refreshEvery();

    /** Refresh an access token once less than this fraction of its life is left. */
    @WithDefault("0.2")
    double refreshAtRemainingFraction();
  }
}
