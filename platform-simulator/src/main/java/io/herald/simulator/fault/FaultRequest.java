package io.herald.simulator.fault;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A fault to inject, as posted to {@code POST /_sim/faults}.
 *
 * @param endpoint            the endpoint key, e.g. {@code facebook.feed} or {@code tiktok.video_init}
 * @param mode                what the fault does; defaults to FAIL when {@code status} is given, else DELAY
 * @param status              HTTP status of the injected error
 * @param code                platform error code: Graph {@code error.code} (a number) or TikTok {@code error.code} /
 *                            OAuth {@code error} (a string)
 * @param subcode             Graph {@code error_subcode}
 * @param message             error message ({@code error.message} / {@code error_description})
 * @param type                Graph {@code error.type}, default {@code OAuthException}
 * @param isTransient         Graph {@code error.is_transient}
 * @param latencyMs           delay before (DELAY, FAIL) or after the work (SUCCEED_THEN_LATE), in milliseconds
 * @param probability         chance in [0, 1] that a matching call is affected, default 1
 * @param count               affect this many calls, then stop; absent means until cleared
 * @param failReason          FAIL_PROCESSING: the {@code fail_reason} status/fetch reports
 * @param regainAccessMinutes Graph throttling codes: {@code estimated_time_to_regain_access} in the usage header
 */
public record FaultRequest(
    String endpoint,
    FaultMode mode,
    Integer status,
    String code,
    Integer subcode,
    String message,
    String type,
    @JsonProperty("transient") Boolean isTransient,
    Long latencyMs,
    Double probability,
    Integer count,
    String failReason,
    Integer regainAccessMinutes) {}
