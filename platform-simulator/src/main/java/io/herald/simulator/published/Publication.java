package io.herald.simulator.published;

/** Something stored on a simulated platform that can describe itself for inspection. */
public interface Publication {

  /** Its current state (TikTok publishes progress, so this may change between calls). */
  PublishedItem view();
}
