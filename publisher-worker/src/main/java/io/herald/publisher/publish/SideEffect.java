package io.herald.publisher.publish;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a platform operation that can create or publish something. When its answer is lost (a timeout, a reset
 * connection, a 5xx without the platform's error body, Graph's codes 1 and 2) its outcome is unknown; the same
 * failures of any other operation are transient.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SideEffect {}
