package uz.egov.solr;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A real SolrCloud on one machine: embedded ZooKeeper plus NODES Solr 9 nodes (each its own
 * Jetty on its own port, cores on disk under BASE_DIR), the configset uploaded to ZooKeeper
 * and a collection created from it with SHARDS x REPLICAS.
 *
 * Usage: java -cp ... uz.egov.solr.CloudLauncher BASE_DIR CONFIGSET_CONF_DIR COLLECTION
 *            NODES SHARDS REPLICAS CONTROL_PORT
 *
 * Prints "NODE i URL" for each node, then "CLOUD_READY". A line protocol on
 * 127.0.0.1:CONTROL_PORT lets a test stop and restart nodes:
 *   stop I | start I     stop / restart node I (1-based); start returns once the node is
 *                        live (its replicas then recover: poll CLUSTERSTATUS)
 *   status               "live N active A" (live nodes, active replicas)
 *   quit                 shut the cluster down
 * Each command answers one line starting with "ok" or "error".
 */
public final class CloudLauncher {
  private static MiniSolrCloudCluster cluster;
  private static String collection;
  private static int shards;
  private static int replicas;

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println("usage: CloudLauncher BASE_DIR CONF_DIR COLLECTION NODES SHARDS REPLICAS CONTROL_PORT");
      System.exit(2);
    }
    Path base = Path.of(args[0]).toAbsolutePath();
    Path conf = Path.of(args[1]).toAbsolutePath();
    collection = args[2];
    int nodes = Integer.parseInt(args[3]);
    shards = Integer.parseInt(args[4]);
    replicas = Integer.parseInt(args[5]);
    int control = Integer.parseInt(args[6]);
    if (!Files.exists(conf.resolve("solrconfig.xml"))) {
      System.err.println("no solrconfig.xml in " + conf);
      System.exit(2);
    }
    Files.createDirectories(base);
    System.setProperty("host", "127.0.0.1");
    System.setProperty("solr.log.dir", base.resolve("logs").toString());
    cluster = new MiniSolrCloudCluster.Builder(nodes, base)
        .withJettyConfig(b -> b.setContext("/solr").stopAtShutdown(true))
        .addConfig("egovuz", conf)
        .withTraceIdGenerationDisabled()
        .build();
    CollectionAdminRequest.createCollection(collection, "egovuz", shards, replicas)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS, shards, shards * replicas);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { cluster.shutdown(); } catch (Exception e) { e.printStackTrace(); }
    }));
    List<JettySolrRunner> jetties = cluster.getJettySolrRunners();
    for (int i = 0; i < jetties.size(); i++) {
      System.out.println("NODE " + (i + 1) + " " + jetties.get(i).getBaseUrl());
    }
    System.out.println("ZK " + cluster.getZkServer().getZkAddress());
    System.out.println("CLOUD_READY");
    System.out.flush();
    serve(control, jetties.toArray(new JettySolrRunner[0]));
    System.exit(0);
  }

  private static void serve(int port, JettySolrRunner[] jetties) throws Exception {
    try (ServerSocket server = new ServerSocket(port, 10, InetAddress.getByName("127.0.0.1"))) {
      while (true) {
        try (Socket s = server.accept();
             BufferedReader in = new BufferedReader(
                 new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
          String line = in.readLine();
          if (line == null) continue;
          String[] cmd = line.trim().split("\\s+");
          try {
            switch (cmd[0]) {
              case "stop": {
                int i = Integer.parseInt(cmd[1]) - 1;
                cluster.stopJettySolrRunner(jetties[i]);
                cluster.waitForJettyToStop(jetties[i]);
                out.println("ok stopped " + (i + 1));
                break;
              }
              case "start": {
                int i = Integer.parseInt(cmd[1]) - 1;
                cluster.startJettySolrRunner(jetties[i], true);
                cluster.waitForNode(jetties[i], 300);
                out.println("ok started " + (i + 1) + " " + jetties[i].getBaseUrl());
                break;
              }
              case "status": {
                int live = cluster.getSolrClient().getClusterState().getLiveNodes().size();
                long active = cluster.getSolrClient().getClusterState()
                    .getCollection(collection).getReplicas().stream()
                    .filter(r -> r.isActive(cluster.getSolrClient().getClusterState().getLiveNodes()))
                    .count();
                out.println("ok live " + live + " active " + active);
                break;
              }
              case "quit":
                out.println("ok bye");
                cluster.shutdown();
                return;
              default:
                out.println("error unknown command " + cmd[0]);
            }
          } catch (Exception e) {
            out.println("error " + e);
          }
        }
      }
    }
  }
}
