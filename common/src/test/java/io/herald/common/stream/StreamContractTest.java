package io.herald.common.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class StreamContractTest {

  @ParameterizedTest
  @FieldSource("io.herald.common.stream.ContractFixtures#JOBS")
  void jobFixturesReadAndWriteBackUnchanged(String fixture) {
    var fields = ContractFixtures.load(fixture);
    var job = JobMessage.fromFields(fields);
    assertThat(job.toFields()).isEqualTo(fields);
  }

  @ParameterizedTest
  @FieldSource("io.herald.common.stream.ContractFixtures#RESULTS")
  void resultFixturesReadAndWriteBackUnchanged(String fixture) {
    var fields = ContractFixtures.load(fixture);
    var result = ResultMessage.fromFields(fields);
    assertThat(result.toFields()).isEqualTo(fields);
  }

  @Test
  void tiktokJobCarriesItsPlatformOptions() {
    var job = JobMessage.fromFields(ContractFixtures.load("job-tiktok-video.json"));
    assertThat(job.platform()).isEqualTo(Platform.TIKTOK);
    assertThat(job.payload().media())
        .containsExactly(new Media(Media.Type.VIDEO, "https://cdn.example.com/launch.mp4"));
    assertThat(job.payload().options().privacyLevel()).isEqualTo("PUBLIC_TO_EVERYONE");
    assertThat(job.payload().options().modeOrDefault()).isEqualTo(PlatformOptions.Mode.DIRECT_POST);
  }

  @Test
  void aJobWithoutAnOperationPublishesAndAnEditNamesItsOperation() {
    var publish = JobMessage.fromFields(ContractFixtures.load("job-facebook-link.json"));
    assertThat(publish.operation()).isNull();
    assertThat(publish.kind()).isEqualTo(JobOperation.Kind.PUBLISH);
    assertThat(publish.toFields()).doesNotContainKeys("operation", "operationId");

    var edit = JobMessage.fromFields(ContractFixtures.load("job-facebook-edit.json"));
    assertThat(edit.kind()).isEqualTo(JobOperation.Kind.EDIT);
    assertThat(edit.operation().id()).hasToString("2f3e4d5c-6b7a-4988-a7b6-c5d4e3f2a1b0");
    assertThat(edit.payload().text()).isEqualTo("Launch day! (updated)");
    assertThat(edit.redelivered(java.time.Instant.now()).operation()).isEqualTo(edit.operation());

    var deleted = ResultMessage.fromFields(ContractFixtures.load("result-deleted.json"));
    assertThat(deleted.operation().kind()).isEqualTo(JobOperation.Kind.DELETE);
  }

  @Test
  void anOperationWithoutItsIdIsRejected() {
    var fields = new HashMap<>(ContractFixtures.load("job-facebook-edit.json"));
    fields.remove("operationId");
    assertThatThrownBy(() -> JobMessage.fromFields(fields)).isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("operationId");
  }

  @Test
  void unknownVersionIsRejectedNotMisread() {
    var fields = new HashMap<>(ContractFixtures.load("job-facebook-link.json"));
    fields.put("v", "2");
    assertThatThrownBy(() -> JobMessage.fromFields(fields))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("v=2");
  }

  @Test
  void badFieldIsNamed() {
    var fields = new HashMap<>(ContractFixtures.load("result-published.json"));
    fields.put("outcome", "MAYBE");
    assertThatThrownBy(() -> ResultMessage.fromFields(fields))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("outcome");
  }

  @Test
  void anAccountEventReadsBackAndAnUnknownStatusIsNamed() {
    var event = new AccountEvent(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(),
        AccountEvent.Status.DISCONNECTED, java.time.Instant.parse("2026-12-06T07:00:00Z"));
    assertThat(AccountEvent.fromFields(event.toFields())).isEqualTo(event);

    var fields = new HashMap<>(event.toFields());
    fields.put("status", "PAUSED");
    assertThatThrownBy(() -> AccountEvent.fromFields(fields)).isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("status");
  }
}
