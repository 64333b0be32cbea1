package io.herald.simulator.control;

/**
 * Where TikTok publish webhooks go ({@code PUT /_sim/tiktok/webhook}).
 *
 * @param url          the callback URL
 * @param clientSecret signing secret; ignored when {@code herald.simulator.tiktok.client-secret} is configured,
 *                     required otherwise
 * @param clientKey    {@code client_key} in events; default the configured client key, else the publishing token's
 */
public record WebhookRequest(String url, String clientSecret, String clientKey) {}
