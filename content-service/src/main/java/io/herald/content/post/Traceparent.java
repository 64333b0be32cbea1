package io.herald.content.post;

import io.opentelemetry.api.trace.Span;

/** The W3C traceparent of the current span (the request that created a post), or null when tracing is off. */
final class Traceparent {
  private Traceparent() {}

  static String current() {
    var context = Span.current().getSpanContext();
    if (!context.isValid()) {
      return null;
    }
    return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
  }
}
