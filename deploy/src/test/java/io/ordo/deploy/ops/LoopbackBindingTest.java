package io.ordo.deploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ordo.actors.TrainerActor;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.live.LiveFeed;
import io.ordo.actors.live.LiveFeeds;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.dashboard.DashboardServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every HTTP endpoint binds 127.0.0.1 unless told otherwise: the node's (metrics, health,
 * dashboard, events; {@code ordo train} and {@code ordo launch} read the same
 * {@code ordo.job.http.host}), {@code ordo dashboard}'s, and the HTTP and TCP ingest of
 * {@code --source http://127.0.0.1:PORT/ingest} / {@code tcp://127.0.0.1:PORT}, the address the
 * README and {@code reference.conf} show. Each is checked on the socket: bound to a loopback
 * address, reachable there, and refused on this machine's non-loopback address.
 */
class LoopbackBindingTest {

    @Test
    void shouldBindTheNodesEndpointToLoopbackByDefault(@TempDir Path out) throws Exception {
        OpsConfig defaults = OpsConfig.from(ConfigFactory.load().getConfig(JobConfig.PREFIX), null);
        assertEquals("127.0.0.1", defaults.host(), "reference.conf's ordo.job.http.host");
        Files.writeString(out.resolve("metrics.jsonl"), "");
        NodeOps ops = NodeOps.create(new OpsConfig(defaults.host(), 0, defaults.dataTimeout()),
                new PrintWriter(new StringWriter()));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "loopback-test", ops.setup(ConfigFactory.load()));
        try {
            ops.start(system, out).orElseThrow();
            assertLoopbackOnly(ops.binding().orElseThrow().localAddress());
        } finally {
            ops.close();
            system.terminate();
        }
    }

    @Test
    void shouldBindOrdoDashboardToLoopbackByDefault(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), "");
        var command = new io.ordo.deploy.dashboard.DashboardCommand();
        new CommandLine(command).parseArgs("--out", run.toString());
        String host = (String) CommandLine.Model.CommandSpec.forAnnotatedObject(command).findOption("--http-host").getValue();
        assertEquals("127.0.0.1", host, "ordo dashboard's --http-host default");
        try (DashboardServer server = DashboardServer.start(run, host, 0)) {
            assertLoopbackOnly(server.localAddress());
        }
    }

    @Test
    void shouldBindTheHttpAndTcpIngestToTheLoopbackAddressOfTheSource(@TempDir Path dir) throws Exception {
        for (String source : new String[] {"http://127.0.0.1:0/ingest", "tcp://127.0.0.1:0"}) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("ordo.job.live.source", source);
            o.put("ordo.job.model.objective", "ntp");
            o.put("ordo.job.data.text-seq-len", 16);
            o.put("ordo.job.batch", 4);
            o.put("ordo.job.out", dir.resolve(source.substring(0, 4)).toString());
            TrainingJob job = JobConfig.job(JobConfig.load(null, o));
            NodeOps ops = NodeOps.create(new OpsConfig("127.0.0.1", 0, Duration.ofSeconds(60)),
                    new PrintWriter(new StringWriter()));
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ingest-test", ops.setup(ConfigFactory.load()));
            LiveFeed feed = LiveFeeds.open(job, TrainerActor.batchConfig(job), job.outDir()).orElseThrow();
            try {
                feed.start(system);
                Matcher m = Pattern.compile("(http|tcp)://([0-9.]+):(\\d+)").matcher(feed.describe());
                assertTrue(m.find(), feed.describe());
                InetSocketAddress bound = new InetSocketAddress(m.group(2), Integer.parseInt(m.group(3)));
                assertLoopbackOnly(bound);
                if (source.startsWith("http")) {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + bound.getPort() + "/ingest"))
                            .POST(HttpRequest.BodyPublishers.ofString("one record\n")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                }
            } finally {
                feed.close();
                ops.close();
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get();
            }
        }
    }

    /** Bound to a loopback address, connectable there, refused on this machine's first non-loopback IPv4 address. */
    private static void assertLoopbackOnly(InetSocketAddress bound) throws IOException {
        assertTrue(bound.getAddress().isLoopbackAddress(), "bound to " + bound);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort()), 2000);
        }
        Optional<InetAddress> external = nonLoopbackAddress();
        if (external.isEmpty()) {
            System.out.println("no non-loopback IPv4 address on this machine: only the bound address is checked");
            return;
        }
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), bound.getPort()), 2000);
            }
        }, "port " + bound.getPort() + " must not answer on " + external.get());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
