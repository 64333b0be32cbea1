package io.herald.health.config;

import java.net.URI;

/**
 * One watched endpoint: a Herald service (health and metrics are read) or a platform (only reachability).
 *
 * @param name    the name shown everywhere and used as the metrics tag
 * @param baseUrl the origin, without a trailing slash
 * @param kind    what is watched
 */
public record Target(String name, URI baseUrl, Kind kind) {
  public enum Kind { SERVICE, PLATFORM }
}
