package io.herald.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real PostgreSQL (database {@link LocalServers#TEST_DATABASE}) and Redis
 * found by {@link LocalServers}. Each module's tests use their own Redis logical database (system property
 * {@code herald-test.redis-database}, from the module pom's {@code herald.test.redis-database}), so modules never
 * read each other's keys.
 *
 * <p>Init args {@code proxyRedis=true} / {@code proxyPostgres=true} route the service through a {@link TcpProxy}
 * ({@link #redisProxy()}, {@link #postgresProxy()}), so a test can take the server away and bring it back.
 *
 * <p>Init arg {@code redisCluster=true} ({@link #REDIS_CLUSTER}) points the service at a Redis Cluster instead
 * ({@link LocalServers#redisCluster()}, one per module run, shared by its test classes) with
 * {@code quarkus.redis.client-type=cluster} and {@code quarkus.redis.password}: the tests that prove every multi-key
 * command and script fits one slot, and that the services authenticate to every node of a cluster.
 */
public class HeraldInfraResource implements QuarkusTestResourceLifecycleManager {
  private static TcpProxy redisProxy;
  private static TcpProxy postgresProxy;

  /** Init arg: run against {@link LocalServers#redisCluster()} instead of the single node. */
  public static final String REDIS_CLUSTER = "redisCluster";

  private boolean proxyRedis;
  private boolean proxyPostgres;
  private boolean redisCluster;

  @Override
  public void init(Map<String, String> initArgs) {
    proxyRedis = Boolean.parseBoolean(initArgs.getOrDefault("proxyRedis", "false"));
    proxyPostgres = Boolean.parseBoolean(initArgs.getOrDefault("proxyPostgres", "false"));
    redisCluster = Boolean.parseBoolean(initArgs.getOrDefault(REDIS_CLUSTER, "false"));
  }

  @Override
  public Map<String, String> start() {
    var pg = LocalServers.postgres();
    var config = new HashMap<String, String>();

    String jdbcUrl = pg.jdbcUrl();
    if (proxyPostgres) {
      postgresProxy = new TcpProxy(pg.host(), pg.port());
      jdbcUrl = jdbcUrl.replace(pg.host() + ":" + pg.port(), "127.0.0.1:" + postgresProxy.port());
    }
    config.put("quarkus.datasource.jdbc.url", jdbcUrl);
    config.put("quarkus.datasource.username", pg.username());
    config.put("quarkus.datasource.password", pg.password());

    if (redisCluster) {
      var cluster = LocalServers.redisCluster();
      config.put("quarkus.redis.client-type", "cluster");
      config.put("quarkus.redis.hosts", cluster.hosts());
      if (cluster.password() != null) {
        config.put("quarkus.redis.password", cluster.password());
      }
      return config;
    }
    var redis = LocalServers.redis();
    var redisTarget = redis;
    if (proxyRedis) {
      redisProxy = new TcpProxy(redis.host(), redis.port());
      redisTarget = new LocalServers.Redis("127.0.0.1", redisProxy.port());
    }
    config.put("quarkus.redis.hosts", redisTarget.url(redisDatabase()));
    return config;
  }

  @Override
  public void stop() {
    if (redisProxy != null) {
      redisProxy.close();
      redisProxy = null;
    }
    if (postgresProxy != null) {
      postgresProxy.close();
      postgresProxy = null;
    }
  }

  /** The Redis logical database this module's tests use. */
  public static int redisDatabase() {
    return Integer.getInteger("herald-test.redis-database", 0);
  }

  public static TcpProxy redisProxy() {
    if (redisProxy == null) {
      throw new IllegalStateException("Start the resource with initArgs proxyRedis=true to get a Redis proxy");
    }
    return redisProxy;
  }

  public static TcpProxy postgresProxy() {
    if (postgresProxy == null) {
      throw new IllegalStateException("Start the resource with initArgs proxyPostgres=true to get a PostgreSQL proxy");
    }
    return postgresProxy;
  }
}
