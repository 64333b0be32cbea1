CREATE TABLE tenants (
  id          uuid PRIMARY KEY,
  name        varchar(200) NOT NULL,
  created_at  timestamptz  NOT NULL
);

CREATE TABLE users (
  id                     uuid PRIMARY KEY,
  tenant_id              uuid         NOT NULL REFERENCES tenants (id),
  email                  varchar(254) NOT NULL,
  password_hash          varchar(100),
  role                   varchar(16)  NOT NULL,
  status                 varchar(16)  NOT NULL,
  invitation_hash        varchar(64),
  invitation_expires_at  timestamptz,
  created_at             timestamptz  NOT NULL
);
CREATE UNIQUE INDEX users_email_uk ON users (email);
CREATE UNIQUE INDEX users_invitation_uk ON users (invitation_hash);
CREATE INDEX users_tenant_idx ON users (tenant_id);

-- Opaque refresh tokens, stored as SHA-256 hashes; every use rotates; a reused one revokes its family.
CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY,
  family_id   uuid        NOT NULL,
  tenant_id   uuid        NOT NULL,
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  varchar(64) NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  rotated_at  timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

CREATE TABLE api_clients (
  id           uuid PRIMARY KEY,
  tenant_id    uuid         NOT NULL REFERENCES tenants (id),
  client_id    varchar(64)  NOT NULL UNIQUE,
  secret_hash  varchar(64)  NOT NULL,
  name         varchar(100) NOT NULL,
  roles        varchar(100) NOT NULL,
  created_by   varchar(64),
  created_at   timestamptz  NOT NULL
);
CREATE INDEX api_clients_tenant_idx ON api_clients (tenant_id);

-- Platform tokens are AES-GCM ciphertexts (kid:base64), never plaintext.
CREATE TABLE social_accounts (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid         NOT NULL REFERENCES tenants (id),
  platform            varchar(16)  NOT NULL,
  external_id         varchar(128) NOT NULL,
  name                varchar(256) NOT NULL,
  status              varchar(16)  NOT NULL,
  status_reason       varchar(500),
  access_token        text,
  refresh_token       text,
  access_issued_at    timestamptz,
  access_expires_at   timestamptz,
  refresh_expires_at  timestamptz,
  refresh_due_at      timestamptz,
  scopes              varchar(500),
  connected_by        varchar(64),
  connected_at        timestamptz  NOT NULL,
  updated_at          timestamptz  NOT NULL,
  CONSTRAINT social_accounts_external_uk UNIQUE (tenant_id, platform, external_id)
);
CREATE INDEX social_accounts_refresh_due_idx ON social_accounts (refresh_due_at)
  WHERE status = 'ACTIVE' AND platform = 'TIKTOK';

CREATE TABLE audit_events (
  id              uuid PRIMARY KEY,
  tenant_id       uuid,
  occurred_at     timestamptz  NOT NULL,
  type            varchar(40)  NOT NULL,
  actor           varchar(100),
  target          varchar(200),
  detail          varchar(1000),
  client_address  varchar(64)
);
CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, occurred_at DESC);
