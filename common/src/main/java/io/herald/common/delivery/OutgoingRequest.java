package io.herald.common.delivery;

import java.net.URI;
import java.util.Map;

/** A POST Herald makes to an address someone configured: a tenant's webhook endpoint, an operator's alert hook. */
public record OutgoingRequest(URI url, Map<String, String> headers, String body) {
  public OutgoingRequest {
    headers = Map.copyOf(headers);
  }
}
