package io.herald.health.support;

/** The status page's services, in an application of their own (a fresh schema), for the tests that move time freely. */
public class OwnProbesProfile extends StatusPageProfile {}
