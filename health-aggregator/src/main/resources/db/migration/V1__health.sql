-- One row per probe of one target: what it answered, how fast, and each check's status and data.
create table sample (
    id               bigserial primary key,
    service          varchar(64)  not null,
    kind             varchar(16)  not null,
    at               timestamptz  not null,
    status           varchar(8)   not null check (status in ('UP', 'DOWN')),
    latency_ms       integer      not null,
    error            varchar(500),
    checks           jsonb        not null default '[]',
    cpu_usage        double precision,
    heap_used_bytes  bigint,
    heap_max_bytes   bigint,
    rss_bytes        bigint,
    disk_free_bytes  bigint,
    disk_total_bytes bigint
);
create index sample_service_at on sample (service, at);
create index sample_at on sample (at);

-- A period during which a target was DOWN; ended_at is null while it lasts.
create table incident (
    id            uuid         primary key,
    service       varchar(64)  not null,
    started_at    timestamptz  not null,
    ended_at      timestamptz,
    failed_checks jsonb        not null default '[]',
    error         varchar(500)
);
create unique index incident_one_open_per_service on incident (service) where ended_at is null;
create index incident_service_started on incident (service, started_at);

-- One notification of one state change to one webhook, with its delivery attempts. The webhook URL may be a
-- secret (Slack), so only a fingerprint (webhook_id) and its host are stored; the URL comes from config at send time.
create table alert_delivery (
    id               uuid         primary key,
    incident_id      uuid         not null references incident (id) on delete cascade,
    service          varchar(64)  not null,
    event            varchar(16)  not null check (event in ('DOWN', 'RECOVERED')),
    webhook_id       varchar(16)  not null,
    webhook_format   varchar(8)   not null,
    webhook_host     varchar(255) not null,
    body             jsonb        not null,
    status           varchar(10)  not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer      not null default 0,
    last_status_code integer,
    last_error       varchar(300),
    created_at       timestamptz  not null,
    next_attempt_at  timestamptz  not null,
    delivered_at     timestamptz
);
create index alert_delivery_due on alert_delivery (next_attempt_at) where status = 'PENDING';
