package io.herald.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes API types of every kind Herald's manifests use, read strictly: the fabric8 model (the API's
 * OpenAPI types) with its catch-all {@code additionalProperties} switched off, so an unknown or misspelt field, a
 * string where the API wants a number, or an object in the wrong place fails. KEDA's ScaledObject has no fabric8
 * model: {@link ScaledObject} is a small schema of its own, after keda.sh/v1alpha1's CRD.
 */
final class StrictTypes {
  static final Map<String, Class<?>> TYPES = Map.ofEntries(
      Map.entry("v1/Namespace", Namespace.class),
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("apps/v1/StatefulSet", StatefulSet.class),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
      Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
      Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
      Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class));

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .addModule(new SimpleModule("no-additional-properties").setDeserializerModifier(new BeanDeserializerModifier() {
        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
            BeanDeserializerBuilder builder) {
          // fabric8's models keep unknown fields in additionalProperties (@JsonAnySetter): refuse them instead.
          builder.setAnySetter(null);
          return builder;
        }
      }))
      .build();

  private StrictTypes() {}

  /** The object as its API type; throws (naming the field) when it is not one. */
  static Object read(JsonNode object) throws Exception {
    String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    Class<?> type = TYPES.get(key);
    if (type == null) {
      throw new AssertionError(Deploy.id(object) + ": " + key + " is not a kind deploy-tests knows (StrictTypes)");
    }
    Object value = MAPPER.treeToValue(object, type);
    if (value instanceof ScaledObject scaled) {
      scaled.validate();
    }
    return value;
  }

  /** keda.sh/v1alpha1 ScaledObject (KEDA 2.x), the fields Herald may use; triggers' metadata by trigger type. */
  record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    record Spec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
        Integer idleReplicaCount, Integer minReplicaCount, Integer maxReplicaCount, Advanced advanced,
        Fallback fallback, List<Trigger> triggers) {}

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {}

    record Advanced(HpaConfig horizontalPodAutoscalerConfig, Boolean restoreToOriginalReplicaCount) {}

    record HpaConfig(String name, HorizontalPodAutoscalerBehavior behavior) {}

    record Fallback(int failureThreshold, int replicas) {}

    record Trigger(String type, String name, Boolean useCachedMetrics, String metricType,
        Map<String, String> metadata, AuthenticationRef authenticationRef) {}

    record AuthenticationRef(String name, String kind) {}

    /** The metadata keys of the trigger types Herald uses (keda.sh docs, scalers "CPU" and "Redis Streams"). */
    static final Map<String, Set<String>> TRIGGER_METADATA = Map.of(
        "cpu", Set.of("type", "value", "containerName"),
        "memory", Set.of("type", "value", "containerName"),
        "redis-streams", Set.of("address", "addressFromEnv", "host", "hostFromEnv", "port", "portFromEnv",
            "username", "usernameFromEnv", "passwordFromEnv", "databaseIndex", "enableTLS", "unsafeSsl", "stream",
            "consumerGroup", "pendingEntriesCount", "streamLength", "lagCount", "activationLagCount"));

    void validate() {
      require(metadata != null && metadata.getName() != null, "metadata.name");
      require(spec != null && spec.scaleTargetRef() != null && spec.scaleTargetRef().name() != null,
          "spec.scaleTargetRef.name");
      require(spec.triggers() != null && !spec.triggers().isEmpty(), "spec.triggers");
      if (spec.minReplicaCount() != null && spec.maxReplicaCount() != null) {
        require(spec.minReplicaCount() <= spec.maxReplicaCount(), "minReplicaCount <= maxReplicaCount");
      }
      for (Trigger trigger : spec.triggers()) {
        Set<String> known = TRIGGER_METADATA.get(trigger.type());
        require(known != null, "a trigger type deploy-tests knows, not " + trigger.type());
        require(trigger.metadata() != null, trigger.type() + " trigger's metadata");
        for (String key : trigger.metadata().keySet()) {
          require(known.contains(key), trigger.type() + " trigger metadata key " + key + " is one KEDA reads");
        }
        if (trigger.metricType() != null) {
          require(Set.of("AverageValue", "Value", "Utilization").contains(trigger.metricType()),
              "metricType AverageValue, Value or Utilization");
          require(!trigger.metricType().equals("Utilization") || Set.of("cpu", "memory").contains(trigger.type()),
              "Utilization only for cpu or memory");
        }
        if (trigger.type().equals("redis-streams")) {
          Map<String, String> m = trigger.metadata();
          require(m.containsKey("stream"), "redis-streams: stream");
          require(m.containsKey("address") || m.containsKey("addressFromEnv") || m.containsKey("host")
              || m.containsKey("hostFromEnv"), "redis-streams: an address");
          require(!(m.containsKey("lagCount") || m.containsKey("pendingEntriesCount"))
              || m.containsKey("consumerGroup"), "redis-streams: consumerGroup with lagCount/pendingEntriesCount");
        }
      }
    }

    private void require(boolean condition, String what) {
      if (!condition) {
        throw new IllegalArgumentException("ScaledObject " + (metadata == null ? "?" : metadata.getName())
            + ": needs " + what);
      }
    }
  }
}
