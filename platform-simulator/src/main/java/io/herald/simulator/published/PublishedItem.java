package io.herald.simulator.published;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Something a client created on a simulated platform, as {@code GET /_sim/published} lists it.
 *
 * @param platform             FACEBOOK or TIKTOK
 * @param kind                 FEED, PHOTO, VIDEO, VISITOR (Facebook); VIDEO, INBOX_VIDEO, PHOTO, PHOTO_DRAFT (TikTok)
 * @param account              the Page id (Facebook) or open_id (TikTok)
 * @param id                   the platform's id: the post id {@code {page-id}_{post-id}} (Facebook) or publish_id
 * @param objectId             the photo or video id (Facebook), when there is one
 * @param text                 message, caption or description
 * @param title                video or TikTok title
 * @param link                 the link of a Facebook feed post
 * @param mediaUrls            the media URLs the client sent
 * @param createdTime          when it was created
 * @param published            Facebook: whether it is public now (an unpublished post published later by id
 *                             turns true)
 * @param scheduledPublishTime when a scheduled Facebook post goes live
 * @param application          the app id that created it (Facebook {@code application}); absent for admins and visitors
 * @param madeBy               Facebook: APP (through the API), ADMIN (on facebook.com) or VISITOR
 * @param publishId            TikTok publish_id
 * @param source               TikTok PULL_FROM_URL or FILE_UPLOAD
 * @param status               TikTok processing status (PROCESSING_UPLOAD, ..., PUBLISH_COMPLETE, FAILED)
 * @param failReason           TikTok fail_reason when FAILED
 * @param privacyLevel         TikTok privacy level
 * @param disableComment       TikTok: {@code disable_comment} as the client sent it (absent: not sent)
 * @param disableDuet          TikTok video: {@code disable_duet} as sent
 * @param disableStitch        TikTok video: {@code disable_stitch} as sent
 * @param videoCoverTimestampMs TikTok video: {@code post_info.video_cover_timestamp_ms}, the cover frame, as sent
 * @param photoCoverIndex      TikTok photos: {@code source_info.photo_cover_index}, the cover photo (0 when not sent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishedItem(
    String platform,
    String kind,
    String account,
    String id,
    String objectId,
    String text,
    String title,
    String link,
    List<String> mediaUrls,
    Instant createdTime,
    Boolean published,
    Instant scheduledPublishTime,
    String application,
    String madeBy,
    String publishId,
    String source,
    String status,
    String failReason,
    String privacyLevel,
    Boolean disableComment,
    Boolean disableDuet,
    Boolean disableStitch,
    Long videoCoverTimestampMs,
    Integer photoCoverIndex) {}
