package uz.egov.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a real Apache Solr 9 HTTP server on 127.0.0.1:PORT/solr for a given solr home.
 * Usage: java -cp ... uz.egov.solr.Launcher SOLR_HOME PORT
 * Stops cleanly on SIGTERM (shutdown hook).
 */
public final class Launcher {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: Launcher SOLR_HOME PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    if (!Files.exists(home.resolve("solr.xml"))) {
      System.err.println("no solr.xml in " + home);
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    System.setProperty("host", "127.0.0.1");
    System.setProperty("solr.log.dir", home.resolve("logs").toString());
    JettyConfig config = JettyConfig.builder().setPort(port).setContext("/solr")
        .stopAtShutdown(true).build();
    JettySolrRunner solr = new JettySolrRunner(home.toString(), new Properties(), config);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { solr.stop(); } catch (Exception e) { e.printStackTrace(); }
      done.countDown();
    }));
    solr.start();
    System.out.println("SOLR_READY " + solr.getBaseUrl());
    done.await();
  }
}
