package io.herald.publisher.tiktok;

import io.herald.publisher.publish.Breakers;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.Transport;
import io.herald.publisher.tiktok.TikTokRestClient.Answer;
import io.herald.publisher.tiktok.TikTokRestClient.CreatorInfo;
import io.herald.publisher.tiktok.TikTokRestClient.Initiated;
import io.herald.publisher.tiktok.TikTokRestClient.NoParameters;
import io.herald.publisher.tiktok.TikTokRestClient.PhotoInit;
import io.herald.publisher.tiktok.TikTokRestClient.PublishStatus;
import io.herald.publisher.tiktok.TikTokRestClient.StatusQuery;
import io.herald.publisher.tiktok.TikTokRestClient.VideoInit;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The TikTok operations Herald uses, one method each, all behind the one circuit breaker named
 * {@value Breakers#TIKTOK} (5xx answers and calls without an answer count, refusals do not). Timeouts are the REST
 * client's ({@code quarkus.rest-client.tiktok.read-timeout}, 10 s). Each answers the envelope's {@code data}; an
 * error answer, or an envelope whose code is not {@code ok}, is thrown as the classified {@link PlatformFailure}.
 */
@ApplicationScoped
public class TikTokClient {
  private final TikTokRestClient api;
  private final Guard breaker;

  TikTokClient(@RestClient TikTokRestClient api, @Identifier(Breakers.TIKTOK) Guard breaker) {
    this.api = api;
    this.breaker = breaker;
  }

  public CreatorInfo creatorInfo(String bearer) {
    return data(false, () -> api.creatorInfo(bearer, new NoParameters()));
  }

  public Initiated initVideo(String bearer, VideoInit init) {
    return data(true, () -> api.videoInit(bearer, init));
  }

  public Initiated initInboxVideo(String bearer, VideoInit init) {
    return data(true, () -> api.inboxVideoInit(bearer, init));
  }

  public Initiated initPhotos(String bearer, PhotoInit init) {
    return data(true, () -> api.contentInit(bearer, init));
  }

  public PublishStatus status(String bearer, String publishId) {
    return data(false, () -> api.statusFetch(bearer, new StatusQuery(publishId)));
  }

  private <T> T data(boolean sideEffect, Supplier<Answer<T>> call) {
    return Breakers.call(breaker, () -> answered(sideEffect, call));
  }

  private static <T> T answered(boolean sideEffect, Supplier<Answer<T>> call) {
    Answer<T> answer;
    try {
      answer = call.get();
    } catch (ProcessingException e) {
      throw Transport.unanswered("tiktok", "TikTok", e, sideEffect);
    }
    String code = answer == null || answer.error() == null ? "" : answer.error().code();
    if (!TikTokErrors.isOk(200, code)) {
      String message = answer == null || answer.error() == null ? "" : answer.error().message();
      throw new PlatformFailure(TikTokErrors.classify(200, code, message, sideEffect));
    }
    return answer.data();
  }
}
