package io.ordo.deploy.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.actors.metrics.ActorMeters;
import io.ordo.actors.metrics.NodeStatus;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.deploy.health.Readiness;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.meter.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;

/**
 * The live node, for the dashboard: run progress and health (the same conditions as
 * {@code /ready}), per-actor-type mailbox depth, messages and processing time, stream stage counts
 * and bad records, the last checkpoint, and the cluster members. The page turns successive counts
 * into rates.
 *
 * <p>Member ranks: a member with a role {@code rank-N} has rank N; otherwise ranks are positions
 * in Pekko's address order of the Up members (the order a ring over the members would use).
 */
public final class LiveNodeView implements NodeView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ActorSystem<?> system;
    private final OrdoMetrics metrics;
    private final Path outDir;
    private final Duration dataTimeout;
    private final String config;

    public LiveNodeView(ActorSystem<?> system, OrdoMetrics metrics, Path outDir, Duration dataTimeout) {
        this.system = system;
        this.metrics = metrics;
        this.outDir = outDir;
        this.dataTimeout = dataTimeout;
        this.config = RunDirView.config(outDir);
    }

    @Override
    public ObjectNode snapshot() {
        NodeStatus s = metrics.status();
        ObjectNode n = JSON.createObjectNode();
        n.put("mode", "live").put("out", outDir.toAbsolutePath().toString()).put("time", System.currentTimeMillis() / 1000.0);
        n.put("step", s.step()).put("totalSteps", s.totalSteps()).put("trainerRunning", s.trainerRunning())
                .put("finished", s.isFinished()).put("restarts", s.restarts()).put("config", config);
        ObjectNode health = n.putObject("health");
        var classic = Adapter.toClassic(system);
        health(health, "trainer-running", Readiness.trainerRunning(metrics));
        health(health, "data-flowing", Readiness.dataFlowing(metrics, dataTimeout));
        health(health, "checkpoints-durable", Readiness.checkpointsDurable(metrics));
        health(health, "cluster-joined", Readiness.clusterJoined(classic));
        ArrayNode actors = n.putArray("actors");
        new TreeMap<>(metrics.actors()).forEach((type, m) -> actor(actors.addObject(), m));
        BadInputCounters c = metrics.streamCounters();
        ArrayNode stages = n.putArray("stages");
        for (Stage st : Stage.values()) {
            stages.addObject().put("stage", st.label()).put("elements", c.stages().count(st));
        }
        n.put("acceptedRecords", c.accepted());
        ObjectNode bad = n.putObject("badRecords");
        for (BadInputReason r : BadInputReason.values()) {
            bad.put(r.name().toLowerCase(Locale.ROOT), c.rejected(r));
        }
        s.lastCheckpoint().ifPresentOrElse(ck -> n.putObject("checkpoint").put("step", ck.step())
                .put("file", ck.file().toString()).put("seconds", ck.seconds()).put("bytes", ck.bytes()),
                () -> n.putNull("checkpoint"));
        members(n.putArray("members"), classic);
        return n;
    }

    private static void health(ObjectNode h, String name, Optional<String> why) {
        h.putObject(name).put("ok", why.isEmpty()).put("reason", why.orElse(""));
    }

    private static void actor(ObjectNode a, ActorMeters m) {
        a.put("actor", m.actorType()).put("mailboxDepth", m.mailboxDepth()).put("processed", m.messagesProcessed())
                .put("timed", m.processingTimer().count())
                .put("processingSeconds", m.processingTimer().totalTime(TimeUnit.SECONDS)).put("restarts", m.restarts());
    }

    private static void members(ArrayNode out, org.apache.pekko.actor.ActorSystem classic) {
        if (!Readiness.isClustered(classic)) {
            out.addObject().put("address", classic.toString()).put("status", "Up (no cluster)").put("rank", 0)
                    .put("self", true).putArray("roles");
            return;
        }
        Cluster cluster = Cluster.get(classic);
        List<Member> members = new ArrayList<>();
        cluster.state().getMembers().forEach(members::add);
        members.sort(Member.ordering());
        int position = 0;
        for (Member m : members) {
            ObjectNode o = out.addObject().put("address", m.address().toString()).put("status", m.status().toString())
                    .put("self", m.equals(cluster.selfMember()));
            ArrayNode roles = o.putArray("roles");
            int rank = -1;
            for (String r : m.getRoles()) {
                roles.add(r);
                if (r.startsWith("rank-")) {
                    try {
                        rank = Integer.parseInt(r.substring(5));
                    } catch (NumberFormatException e) {
                        // not a rank role
                    }
                }
            }
            o.put("rank", rank >= 0 ? rank : position);
            position++;
        }
    }
}
