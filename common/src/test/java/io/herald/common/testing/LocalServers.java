package io.herald.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the PostgreSQL and Redis the tests talk to: the ones named by the environment, else the ones on
 * localhost's default ports, else private throw-away servers started from the installed binaries (stopped
 * when the JVM exits). Fails with one line naming what to install when none of that is possible.
 */
public final class LocalServers {
  /** The tests' database: {@code herald_test}, or {@code herald-test.database} (two runs side by side). */
  public static final String TEST_DATABASE = System.getProperty("herald-test.database", "herald_test");

  public record Postgres(String jdbcUrl, String username, String password, String host, int port) {}

  public record Redis(String host, int port) {
    public String url(int database) {
      return "redis://" + host + ":" + port + "/" + database;
    }
  }

  /**
   * A Redis Cluster's masters and the password they require ({@code quarkus.redis.password}, null for none);
   * {@link #hosts()} is what {@code quarkus.redis.hosts} takes for it.
   */
  public record RedisCluster(List<Redis> nodes, String password) {
    public String hosts() {
      return String.join(",", nodes.stream().map(node -> "redis://" + node.host() + ":" + node.port()).toList());
    }
  }

  /** The password of the private test cluster: the cluster tests run with {@code quarkus.redis.password} set. */
  public static final String CLUSTER_PASSWORD = "herald-test-cluster";

  private static Postgres postgres;
  private static Redis redis;
  private static RedisCluster redisCluster;
  private static final List<Process> started = new ArrayList<>();
  private static final List<Path> scratch = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      started.forEach(LocalServers::stop);
      scratch.forEach(LocalServers::delete);
    }));
  }

  private LocalServers() {}

  public static synchronized Postgres postgres() {
    if (postgres == null) {
      postgres = resolvePostgres();
    }
    return postgres;
  }

  public static synchronized Redis redis() {
    if (redis == null) {
      redis = resolveRedis();
    }
    return redis;
  }

  /**
   * A Redis Cluster for the tests that prove the keys fit one (database 0 only, as in any cluster): the one whose
   * masters {@code HERALD_TEST_REDIS_CLUSTER} lists ({@code host:port,...}, password in
   * {@code HERALD_TEST_REDIS_CLUSTER_PASSWORD}), else three private masters started from the installed
   * {@code redis-server} on free ports, requiring {@link #CLUSTER_PASSWORD}, joined with
   * {@code redis-cli --cluster create}, once per JVM (one module's test run) and stopped with it.
   */
  public static synchronized RedisCluster redisCluster() {
    if (redisCluster == null) {
      redisCluster = resolveRedisCluster();
    }
    return redisCluster;
  }

  private static RedisCluster resolveRedisCluster() {
    String listed = System.getenv("HERALD_TEST_REDIS_CLUSTER");
    if (listed != null) {
      return new RedisCluster(java.util.Arrays.stream(listed.split(",")).map(String::strip)
          .map(hostPort -> new Redis(hostPort.split(":")[0], Integer.parseInt(hostPort.split(":")[1]))).toList(),
          System.getenv("HERALD_TEST_REDIS_CLUSTER_PASSWORD"));
    }
    String server = binary("redis-server").orElseThrow(() -> new IllegalStateException(
        "The Redis Cluster tests need redis-server and redis-cli: install Redis (apt-get install redis-server)"
            + " or list a cluster's masters in HERALD_TEST_REDIS_CLUSTER"));
    String cli = Path.of(server).resolveSibling("redis-cli").toString();
    try {
      Path dir = Files.createTempDirectory("herald-redis-cluster");
      scratch.add(dir);
      var nodes = new ArrayList<Redis>();
      for (int i = 0; i < 3; i++) {
        int port = freePort();
        launch(List.of(server, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
            "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(), "--save", "",
            "--appendonly", "no", "--dir", dir.toString(), "--requirepass", CLUSTER_PASSWORD));
        nodes.add(new Redis("127.0.0.1", port));
      }
      nodes.forEach(node -> awaitReachable(node.host(), node.port(), "redis-server (cluster node)"));
      var create = new ArrayList<>(List.of(cli, "-a", CLUSTER_PASSWORD, "--no-auth-warning", "--cluster", "create"));
      nodes.forEach(node -> create.add(node.host() + ":" + node.port()));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      run(create);
      var cluster = new RedisCluster(List.copyOf(nodes), CLUSTER_PASSWORD);
      nodes.forEach(node -> awaitClusterOk(cluster, node));
      return cluster;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start a private Redis Cluster", e);
    }
  }

  /** Polls {@code CLUSTER INFO} until the node says {@code cluster_state:ok} (every slot served). */
  private static void awaitClusterOk(RedisCluster cluster, Redis node) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!clusterInfo(cluster, node).contains("cluster_state:ok")) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("The private Redis Cluster did not reach cluster_state:ok on " + node);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // polling a cluster coming up
    }
  }

  /** {@code CLUSTER INFO} of one node (after AUTH when the cluster has a password); empty when unreachable. */
  static String clusterInfo(RedisCluster cluster, Redis node) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(node.host(), node.port()), 500);
      socket.setSoTimeout(2000);
      String auth = cluster.password() == null ? "" : "AUTH " + cluster.password() + "\r\n";
      socket.getOutputStream()
          .write((auth + "CLUSTER INFO\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      var reply = new StringBuilder();
      var in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int read;
      while (!reply.toString().contains("cluster_state:") || !reply.toString().endsWith("\r\n")) {
        if ((read = in.read(buffer)) < 0) {
          break;
        }
        reply.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.US_ASCII));
      }
      return reply.toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static Postgres resolvePostgres() {
    String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
    String user = Optional.ofNullable(System.getenv("QUARKUS_DATASOURCE_USERNAME")).orElse("postgres");
    String password = Optional.ofNullable(System.getenv("QUARKUS_DATASOURCE_PASSWORD")).orElse("");
    if (url != null) {
      var hostPort = url.replaceFirst("^jdbc:postgresql://", "").split("/")[0].split(":");
      return new Postgres(url, user, password, hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 5432);
    }
    int port = 5432;
    if (!reachable("127.0.0.1", port)) {
      port = startPrivatePostgres();
    }
    createTestDatabase(port);
    return new Postgres("jdbc:postgresql://127.0.0.1:" + port + "/" + TEST_DATABASE, "postgres", "", "127.0.0.1", port);
  }

  private static Redis resolveRedis() {
    String hosts = System.getenv("QUARKUS_REDIS_HOSTS");
    if (hosts != null) {
      var hostPort = hosts.replaceFirst("^rediss?://", "").replaceFirst("^.*@", "").split("/")[0].split(":");
      return new Redis(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 6379);
    }
    if (reachable("127.0.0.1", 6379)) {
      return new Redis("127.0.0.1", 6379);
    }
    String server = binary("redis-server")
        .orElseThrow(() -> new IllegalStateException(
            "Redis is not reachable on 127.0.0.1:6379 and redis-server is not installed: install Redis"
                + " (apt-get install redis-server) or set QUARKUS_REDIS_HOSTS"));
    int port = freePort();
    launch(List.of(server, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no"));
    awaitReachable("127.0.0.1", port, "redis-server");
    return new Redis("127.0.0.1", port);
  }

  private static int startPrivatePostgres() {
    String initdb = binary("initdb")
        .orElseThrow(() -> new IllegalStateException(
            "PostgreSQL is not reachable on 127.0.0.1:5432 and initdb is not installed: install PostgreSQL"
                + " (apt-get install postgresql) or set QUARKUS_DATASOURCE_JDBC_URL"));
    String postgresBinary = Path.of(initdb).resolveSibling("postgres").toString();
    try {
      Path dir = Files.createTempDirectory("herald-pg");
      boolean root = "root".equals(System.getProperty("user.name"));
      List<String> asUser = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
      if (root) {
        run(List.of("chown", "postgres", dir.toString()));
      }
      var init = new ArrayList<>(asUser);
      init.addAll(List.of(initdb, "-D", dir.resolve("data").toString(), "-U", "postgres", "-A", "trust"));
      run(init);
      int port = freePort();
      var server = new ArrayList<>(asUser);
      server.addAll(List.of(postgresBinary, "-D", dir.resolve("data").toString(), "-p", Integer.toString(port),
          "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1"));
      launch(server);
      awaitReachable("127.0.0.1", port, "postgres");
      return port;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start a private PostgreSQL", e);
    }
  }

  private static void createTestDatabase(int port) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      try (var connection = DriverManager.getConnection(
          "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
           var statement = connection.createStatement()) {
        var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + TEST_DATABASE + "'");
        if (!exists.next()) {
          statement.execute("CREATE DATABASE " + TEST_DATABASE);
        }
        return;
      } catch (SQLException e) {
        // 42P04: a concurrent test run created it first
        if ("42P04".equals(e.getSQLState())) {
          return;
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Could not create the test database on 127.0.0.1:" + port, e);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // polling a server coming up
      }
    }
  }

  static boolean reachable(String host, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitReachable(String host, int port, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!reachable(host, port)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("A private " + what + " did not start listening on port " + port);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // polling a server coming up
    }
  }

  private static Optional<String> binary(String name) {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      candidates.add(Path.of(dir, name));
    }
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions.forEach(v -> candidates.add(v.resolve("bin").resolve(name)));
    } catch (IOException ignored) {
      // no Debian PostgreSQL layout
    }
    return candidates.stream().filter(Files::isExecutable).map(Path::toString).findFirst();
  }

  static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) throws IOException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("Command failed: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void launch(List<String> command) {
    try {
      started.add(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + command.getFirst(), e);
    }
  }

  private static void delete(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException ignored) {
      // a scratch directory left in the temp dir
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
