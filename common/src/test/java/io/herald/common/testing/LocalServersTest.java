package io.herald.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class LocalServersTest {

  @Test
  void findsAWorkingPostgresWithTheTestDatabase() throws Exception {
    var pg = LocalServers.postgres();
    try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
         var result = connection.createStatement().executeQuery("SELECT current_database()")) {
      result.next();
      assertThat(result.getString(1)).isEqualTo(LocalServers.TEST_DATABASE);
    }
  }

  @Test
  void findsAWorkingRedis() throws IOException {
    var redis = LocalServers.redis();
    assertThat(ping(redis.host(), redis.port())).isEqualTo("+PONG");
  }

  @Test
  void startsARedisClusterOfThreeMastersServingEverySlotBehindAPassword() throws IOException {
    var cluster = LocalServers.redisCluster();
    assertThat(cluster.nodes()).hasSize(3);
    for (var node : cluster.nodes()) {
      assertThat(ping(node.host(), node.port())).startsWith("-NOAUTH");
      assertThat(LocalServers.clusterInfo(cluster, node)).contains("cluster_state:ok").contains("cluster_size:3");
    }
    assertThat(LocalServers.redisCluster()).as("one cluster per test run").isSameAs(cluster);
  }

  @Test
  void proxyCutsAndRestoresTheConnection() throws IOException {
    var redis = LocalServers.redis();
    try (var proxy = new TcpProxy(redis.host(), redis.port())) {
      assertThat(ping("127.0.0.1", proxy.port())).isEqualTo("+PONG");
      proxy.disconnect();
      assertThat(ping("127.0.0.1", proxy.port())).isNull();
      proxy.reconnect();
      assertThat(ping("127.0.0.1", proxy.port())).isEqualTo("+PONG");
    }
  }

  private static String ping(String host, int port) throws IOException {
    try (var socket = new Socket(host, port)) {
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      var line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\r') {
        line.append((char) c);
      }
      return c < 0 ? null : line.toString();
    }
  }
}
