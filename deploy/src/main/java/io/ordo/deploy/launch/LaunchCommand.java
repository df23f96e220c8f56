package io.ordo.deploy.launch;

import com.typesafe.config.Config;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.cluster.ArteryTls;
import io.ordo.actors.distributed.DistributedOptions;
import io.ordo.actors.distributed.DistributedRun;
import io.ordo.actors.report.RunListeners;
import io.ordo.actors.job.TrainingJob;
import io.ordo.deploy.InitialWeights;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.JobRunner;
import io.ordo.deploy.RunDirectory;
import io.ordo.deploy.JobOptions;
import io.ordo.deploy.RunOptions;
import io.ordo.deploy.config.LiveSettings;
import io.ordo.deploy.TrainCommand;
import io.ordo.deploy.ops.NodeOps;
import io.ordo.deploy.ops.OpsConfig;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ordo launch}: one node of a data-parallel run, torchrun-style. Every node runs the same
 * command with its own {@code --node-rank}; node 0 listens on the {@code --seed-nodes} address and the
 * others join through it. The nodes form a Pekko cluster; the coordinator singleton assigns ranks
 * once {@code nnodes x nproc-per-node} workers are in, gradients go over an Aeron UDP ring, rank 0
 * writes the checkpoints and {@code metrics.jsonl} and evaluates on the held-out split beside the
 * ring ({@code ordo dashboard --out RUN} shows the run). With {@code --standalone} this command
 * starts all nodes on this host.
 *
 * <pre>
 * ./ordo launch --standalone --nnodes 3 --steps 200 --out runs/dp3
 * ./ordo launch --nnodes 2 --node-rank 0 --seed-nodes 10.0.0.1:25520 --out /shared/runs/dp   # on 10.0.0.1
 * ./ordo launch --nnodes 2 --node-rank 1 --seed-nodes 10.0.0.1:25520 --out /shared/runs/dp   # on the other host
 * ORDO_TLS_PASSWORD=... ./ordo launch --standalone --nnodes 2 --tls cluster.p12 --out runs/dp2   # cluster over TLS
 * </pre>
 *
 * <p>With {@code --tls KEYSTORE} (see {@link LaunchTls}) the nodes talk over TLS with mutual
 * authentication, so only holders of a trusted key join; the gradient ring stays on Aeron UDP, its
 * chunks checked against the ring's secret nonce, which the coordinator sends over that channel.
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Data-parallel training over a Pekko cluster with an Aeron all-reduce ring (torchrun-like).")
public final class LaunchCommand implements Callable<Integer> {
    /** Default Artery port of the seed node. */
    public static final int DEFAULT_SEED_PORT = 25520;
    /** Default UDP port of a node's first worker's Aeron subscription. */
    public static final int DEFAULT_AERON_PORT = 40100;

    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions jobOptions;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--nnodes", required = true, description = "nodes in the run")
    int nnodes;

    @Option(names = "--node-rank", description = "this node's index in [0, nnodes); node 0 is the seed (default 0)")
    int nodeRank;

    @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,HOST:PORT...]", description = "host:port of node 0's "
            + "cluster endpoint (default 127.0.0.1:" + DEFAULT_SEED_PORT + "); more seed nodes may follow, "
            + "comma-separated (nodes started with that --port), so a restarted node 0 rejoins the running cluster "
            + "instead of forming a new one. (--seed is the RNG seed, as in ordo train.)")
    String seedNodes = "127.0.0.1:" + DEFAULT_SEED_PORT;

    @Option(names = "--nproc-per-node", description = "rank workers per node (default 1)")
    int nprocPerNode = 1;

    @Option(names = "--host", description = "address other nodes reach this one on (default: the seed host on node 0, "
            + "else this machine's address)")
    String host;

    @Option(names = "--port", description = "this node's cluster (Artery) port; node 0 uses the seed's port (default 0: any)")
    int port;

    @Option(names = "--aeron-port", description = "UDP port of this node's first worker; worker p uses +p (default "
            + DEFAULT_AERON_PORT + ")")
    int aeronPort = DEFAULT_AERON_PORT;

    @Option(names = "--min-world", description = "fewest ranks to go on with after a failure (default 1)")
    int minWorld = 1;

    @Option(names = "--reform-timeout-ms", description = "coordinator's wait for all broken-ring reports (default 5000)")
    long reformTimeoutMs = 5000;

    @Option(names = "--step-delay-ms", hidden = true, description = "pause after each step (failure demos)")
    long stepDelayMs;

    @Option(names = "--standalone", description = "start all --nnodes nodes as processes on this host; node i listens "
            + "on the seed port + i (and HTTP on --http-port + i), and every node is a seed node, so a restarted node "
            + "rejoins the running cluster")
    boolean standalone;

    @Option(names = "--max-restarts", description = "with --standalone: restart a node that dies before the run "
            + "finishes, with --resume, up to this many times in all (default 0)")
    int maxRestarts;

    @Option(names = {"--tls", "--tls-key-store"}, paramLabel = "KEYSTORE", description = "cluster over TLS with mutual "
            + "authentication: PKCS12/JKS key store with this node's key and certificate; password from env "
            + "ORDO_TLS_PASSWORD or --tls-password-file (default ordo.job.tls.key-store; none: plain TCP)")
    Path tlsKeyStore;

    @Option(names = "--tls-trust-store", paramLabel = "TRUSTSTORE",
            description = "certificates of the nodes to accept (default: the --tls key store)")
    Path tlsTrustStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE",
            description = "file whose first line is the TLS stores' password (default: env ORDO_TLS_PASSWORD)")
    Path tlsPasswordFile;

    @Override
    public Integer call() throws Exception {
        if (nnodes < 1 || nodeRank < 0 || nodeRank >= nnodes || nprocPerNode < 1) {
            throw new IllegalArgumentException("need --nnodes >= 1, 0 <= --node-rank < --nnodes, --nproc-per-node >= 1");
        }
        if (maxRestarts < 0 || maxRestarts > 0 && !standalone) {
            throw new IllegalArgumentException("--max-restarts " + maxRestarts + ": allowed 0, or >= 1 with --standalone "
                    + "(on several hosts a service manager restarts nodes, see deploy/systemd)");
        }
        PrintWriter w = spec.commandLine().getOut();
        Config resolved = JobConfig.load(runOptions.config(), jobOverrides());
        Optional<ArteryTls> tls = LaunchTls.resolve(resolved, System.getenv());
        if (standalone) {
            return StandaloneLauncher.run(nnodes, this::childArgs, maxRestarts, w);
        }
        TrainingJob job = JobConfig.job(resolved);
        if (nodeRank == 0) {
            InitialWeights.check(job); // rank 0 loads ordo.job.init-from; a file that does not fit stops here
        }
        OpsConfig opsConfig = OpsConfig.from(resolved.getConfig(JobConfig.PREFIX));
        List<String> seeds = List.of(seedNodes.split(","));
        int seedPort = LaunchPorts.seedPort(seedNodes);
        String seedHost = seeds.get(0).substring(0, seeds.get(0).lastIndexOf(':'));
        String nodeHost = host != null ? host : nodeRank == 0 ? seedHost : InetAddress.getLocalHost().getHostAddress();
        int clusterPort = nodeRank == 0 ? seedPort : LaunchPorts.inRange("--port", port, 0);
        AeronConfig aeron = AeronConfig.fromProperties(systemProperties());
        if (job.task().isLive() && job.task().live().options().heartbeat().compareTo(aeron.exchangeTimeout()) >= 0) {
            throw new IllegalArgumentException(JobConfig.PREFIX + "." + LiveSettings.HEARTBEAT + " = " + job.task().live().options().heartbeat()
                    + "; allowed: shorter than " + AeronConfig.EXCHANGE_TIMEOUT_KEY + " (" + aeron.exchangeTimeout()
                    + "), or idle ranks look dead to the ring");
        }
        DistributedOptions options = new DistributedOptions(nodeHost, clusterPort, seeds, nodeRank, nprocPerNode, aeronPort,
                nnodes * nprocPerNode, minWorld, Duration.ofMillis(reformTimeoutMs), Duration.ofSeconds(2),
                Duration.ofMillis(stepDelayMs), aeron, tls);
        if (options.world() > 1) {
            LaunchPorts.checkAeronPortsFree(nodeHost, aeronPort, nprocPerNode);
        }
        if (nodeRank == 0) {
            prepareRunDirectory(job, JobConfig.render(resolved));
        }
        TargetOrder order = job.task().isText() ? null : JobRunner.targetOrder(job);
        w.printf("ordo launch: node %d of %d (%s, cluster port %d%s, aeron %s), %d rank(s) here, world %d, job %s, out %s%n",
                nodeRank, nnodes, nodeHost, clusterPort, tls.isPresent() ? " TLS" : "", options.aeronEndpoint(0),
                nprocPerNode, options.world(), job.task().name(), job.outDir());
        w.flush();
        LineProgress progress = new LineProgress(w, job.logEvery());
        RunSummary summary;
        try (NodeOps ops = NodeOps.create(opsConfig, w)) {
            summary = DistributedRun.run(job, order, options, RunListeners.of(progress, ops.listener()),
                    ops::setup, system -> ops.start(system, job.outDir()));
        } catch (Exception e) {
            throw LaunchPorts.clusterBindFailure(e, nodeHost, clusterPort, nodeRank).orElseThrow(() -> e);
        }
        w.printf("node %d finished at step %d: %s%n", nodeRank, summary.steps(), progress.lastRingTiming());
        w.flush();
        return TrainCommand.exitStatus(summary, job, spec.commandLine().getErr());
    }

    private static void prepareRunDirectory(TrainingJob job, String resolvedConfig) throws Exception {
        Files.createDirectories(job.outDir());
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            RunDirectory.claim(job, store, resolvedConfig);
        }
    }

    /**
     * The arguments of node {@code i} in standalone mode: these, without --standalone, its own ports:
     * cluster port = seed port + i, and every node listed as a seed (the TLS key paths travel as
     * options; the password, from a file or the inherited environment, never).
     */
    List<String> childArgs(int i) {
        int seedPort = LaunchPorts.seedPort(seedNodes);
        String first = seedNodes.split(",")[0];
        String seedHost = first.substring(0, first.lastIndexOf(':'));
        List<String> seeds = new ArrayList<>();
        for (int n = 0; n < nnodes; n++) {
            seeds.add(seedHost + ":" + (seedPort + n));
        }
        List<String> args = new ArrayList<>(List.of("--nnodes", String.valueOf(nnodes), "--node-rank", String.valueOf(i),
                "--seed-nodes", String.join(",", seeds), "--port", String.valueOf(seedPort + i),
                "--nproc-per-node", String.valueOf(nprocPerNode), "--host", "127.0.0.1",
                "--aeron-port", String.valueOf(aeronPort + i * nprocPerNode), "--min-world", String.valueOf(minWorld),
                "--reform-timeout-ms", String.valueOf(reformTimeoutMs), "--step-delay-ms", String.valueOf(stepDelayMs)));
        args.addAll(JobOptions.argsOf(jobOptions.given()));
        args.addAll(runOptions.args(List.of("--http-port")));
        Integer httpPort = runOptions.httpPort();
        if (httpPort != null) {
            args.addAll(List.of("--http-port", String.valueOf(httpPort > 0 ? httpPort + i : httpPort)));
        }
        addIfGiven(args, "--tls-key-store", tlsKeyStore);
        addIfGiven(args, "--tls-trust-store", tlsTrustStore);
        addIfGiven(args, "--tls-password-file", tlsPasswordFile);
        return args;
    }

    private static void addIfGiven(List<String> args, String option, Path value) {
        if (value != null) {
            args.addAll(List.of(option, value.toString()));
        }
    }

    /** The command-line settings as {@code ordo.job} overrides (full paths). */
    Map<String, Object> jobOverrides() {
        Map<String, Object> m = new LinkedHashMap<>();
        jobOptions.keys().forEach((k, v) -> put(m, k, v));
        runOptions.keys().forEach((k, v) -> put(m, k, v));
        put(m, LaunchTls.KEY_STORE, tlsKeyStore == null ? null : tlsKeyStore.toString());
        put(m, LaunchTls.TRUST_STORE, tlsTrustStore == null ? null : tlsTrustStore.toString());
        put(m, LaunchTls.PASSWORD_FILE, tlsPasswordFile == null ? null : tlsPasswordFile.toString());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(JobConfig.PREFIX + "." + key, value);
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> m = new HashMap<>();
        System.getProperties().forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
        return m;
    }
}
