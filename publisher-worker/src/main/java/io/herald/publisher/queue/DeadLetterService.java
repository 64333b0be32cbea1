package io.herald.publisher.queue;

import io.herald.common.problem.ProblemException;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.MalformedMessageException;
import io.herald.common.stream.Priority;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.stream.StreamMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** A tenant's dead letters: listed newest first, and replayed as a fresh job for the same target. */
@ApplicationScoped
public class DeadLetterService {
  private static final Pattern ENTRY_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
  /** The dead-letter stream is shared by all tenants; at most this many entries are scanned per listing. */
  private static final int SCAN_LIMIT = 10_000;
  private static final int PAGE = 500;

  private final JobStreams streams;

  DeadLetterService(JobStreams streams) {
    this.streams = streams;
  }

  public List<DeadLetter> list(UUID tenantId, int limit) {
    var items = new ArrayList<DeadLetter>();
    String from = "+";
    int scanned = 0;
    while (items.size() < limit && scanned < SCAN_LIMIT) {
      List<StreamMessage<String, String, String>> page = streams.readDead(from, PAGE);
      for (var entry : page) {
        if (entry.id().equals(from)) {
          continue;
        }
        scanned++;
        if (tenantId.toString().equals(entry.payload().get("tenantId"))) {
          items.add(DeadLetter.of(entry.id(), entry.payload()));
          if (items.size() == limit) {
            break;
          }
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      from = page.get(page.size() - 1).id();
    }
    return items;
  }

  /** Re-enqueues the dead job as a fresh job (new job id, same target and attempt); the ledger keeps it safe. */
  public ReplayedJob replay(UUID tenantId, String entryId) {
    if (!isEntryId(entryId)) {
      throw ProblemException.notFound("Dead letter " + entryId);
    }
    var entry = streams.deadEntry(entryId).stream().findFirst()
        .filter(e -> tenantId.toString().equals(e.payload().get("tenantId")))
        .orElseThrow(() -> ProblemException.notFound("Dead letter " + entryId));
    JobMessage job;
    try {
      job = JobMessage.fromFields(entry.payload());
    } catch (MalformedMessageException e) {
      throw ProblemException.conflict("not-replayable", "This dead letter is not a valid job: " + e.getMessage());
    }
    String source = entry.payload().get("sourceStream");
    String stream = JobStreams.JOB_STREAMS.contains(source) ? source : Priority.NORMAL.streamKey();
    JobMessage fresh = job.redelivered(Instant.now());
    String newEntryId = streams.enqueue(stream, fresh.toFields());
    streams.deleteDead(entryId);
    Log.infof("Replayed dead letter %s of target %s as job %s", entryId, job.targetId(), fresh.jobId());
    return new ReplayedJob(fresh.jobId(), job.targetId(), stream, newEntryId);
  }

  /** Whether Redis could hold the id: two unsigned 64-bit numbers (a larger one is Redis' error, not a 404). */
  private static boolean isEntryId(String entryId) {
    if (!ENTRY_ID.matcher(entryId).matches()) {
      return false;
    }
    int dash = entryId.indexOf('-');
    try {
      Long.parseUnsignedLong(entryId.substring(0, dash));
      Long.parseUnsignedLong(entryId.substring(dash + 1));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The job a replay enqueued. */
  public record ReplayedJob(UUID jobId, UUID targetId, String stream, String entryId) {}
}
