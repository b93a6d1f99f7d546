package panelpapers.osnode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one real OpenSearch node in this JVM, for papers' tests and
 * benchmarks: the server from Maven Central with its HTTP transport (netty4)
 * and analysis-common loaded as classpath plugins, on loopback only.
 *
 * <p>Why not the distribution: CI reaches Maven Central and no other host, so
 * the node is built from the libraries it serves. Why a Node subclass: the
 * constructor that takes classpath plugins is protected (the test framework's
 * MockNode uses it the same way), and the Bootstrap that a distribution runs
 * (security manager, bootstrap checks, refusal to run as root) is for
 * production hosts, not a test's throwaway node.
 *
 * <p>Flags: -home DIR (config, data and logs under it), -name NODE, -cluster
 * NAME, -http PORT, -transport PORT, and for a cluster -seeds PORT,PORT (the
 * other nodes' transport ports) and -masters NODE,NODE,NODE (the first
 * cluster-manager election). Without -masters the node is a single-node
 * cluster. It prints "papers-opensearch-node ready http=PORT" on stdout when
 * it answers, and stops cleanly when stdin closes or on SIGTERM.
 */
public final class Launcher {

    /** The node, with the protected constructor that takes classpath plugins. */
    static final class PluginNode extends Node {
        PluginNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = parseFlags(args);
        Path home = Path.of(required(flags, "home")).toAbsolutePath();
        String name = flags.getOrDefault("name", "papers-node");
        System.setProperty("papers.node.name", name);
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings.Builder settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("node.name", name)
            .put("cluster.name", flags.getOrDefault("cluster", "papers-test"))
            .put("network.host", "127.0.0.1")
            .put("http.port", required(flags, "http"))
            .put("transport.port", required(flags, "transport"))
            // A test machine's disk may be fuller than a production node would
            // accept; shards must still be allocated.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // Replicas of the tests' indexes recover at once when a node comes back.
            .put("cluster.routing.allocation.node_concurrent_recoveries", 4)
            .put("action.auto_create_index", false)
            .put("bootstrap.memory_lock", false);
        String masters = flags.get("masters");
        if (masters == null) {
            settings.put("discovery.type", "single-node");
        } else {
            List<String> seeds = new ArrayList<>();
            for (String port : flags.getOrDefault("seeds", "").split(",")) {
                if (!port.isBlank()) {
                    seeds.add("127.0.0.1:" + port.trim());
                }
            }
            settings.putList("discovery.seed_hosts", seeds);
            settings.putList("cluster.initial_cluster_manager_nodes", List.of(masters.split(",")));
            // Notice a stopped node within seconds, not the production minute.
            settings.put("cluster.fault_detection.follower_check.interval", "1s");
            settings.put("cluster.fault_detection.follower_check.timeout", "2s");
            settings.put("cluster.fault_detection.follower_check.retry_count", 2);
            settings.put("cluster.fault_detection.leader_check.interval", "1s");
            settings.put("cluster.fault_detection.leader_check.timeout", "2s");
            settings.put("cluster.fault_detection.leader_check.retry_count", 2);
        }

        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings.build(), new HashMap<>(), home.resolve("config"), () -> name);
        Node node = new PluginNode(env, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(node);
            stopped.countDown();
        }, "papers-node-shutdown"));
        node.start();
        System.out.println("papers-opensearch-node ready http=" + flags.get("http") + " transport=" + flags.get("transport") + " name=" + name);
        System.out.flush();

        // The parent closing our stdin (it exited, or wants us gone) stops the node:
        // a test that dies must not leave a JVM behind.
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // ignore input
                }
            } catch (IOException ignored) {
                // stdin gone: stop as well
            }
            System.exit(0);
        }, "papers-node-stdin");
        watch.setDaemon(true);
        watch.start();
        stopped.await(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    private static void closeQuietly(Node node) {
        try {
            node.close();
            node.awaitClose(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("papers-opensearch-node: close: " + e);
        }
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-") || i + 1 >= args.length) {
                usage("bad argument " + args[i]);
            }
            out.put(args[i].replaceFirst("^-+", ""), args[++i]);
        }
        return out;
    }

    private static String required(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null || v.isBlank()) {
            usage("-" + name + " is required");
        }
        return v;
    }

    private static void usage(String why) {
        System.err.println("papers-opensearch-node: " + why);
        System.err.println("usage: java -jar papers-opensearch-node.jar -home DIR -http PORT -transport PORT"
            + " [-name NODE] [-cluster NAME] [-seeds PORT,PORT -masters NODE,NODE,NODE]");
        System.exit(2);
    }
}
