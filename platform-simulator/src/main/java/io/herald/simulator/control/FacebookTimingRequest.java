package io.herald.simulator.control;

import java.time.Duration;

/**
 * Facebook delays for the posts created (processing) or published (visibility) from now on; absent = configured.
 *
 * @param videoProcessingTime how long a new video stays {@code processing}
 * @param feedVisibilityDelay how long after publishing a post shows on feed reads
 */
public record FacebookTimingRequest(Duration videoProcessingTime, Duration feedVisibilityDelay) {}
