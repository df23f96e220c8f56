import io.ordo.actors.TrainerActor;
import io.ordo.actors.job.TrainingJob;
import io.ordo.core.batch.TokenBatch;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.JobRunner;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.gen.TaskExample;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.tokenize.Tokenizer;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Dumps what Ordo trains and evaluates on for a generated task, through the job's own path
 * (JobConfig -> TrainingJob -> JobRunner.targetOrder -> TaskSpec.batches -> the packed batch):
 * for the peer implementation (bench/peer/torch_arith.py) and for checking rows by eye.
 *
 * <pre>
 * mvn -B -q -o -pl deploy -am package -DskipTests
 * java -cp 'deploy/target/ordo.jar:deploy/target/lib/*' bench/peer/DumpArithmetic.java \
 *     TASK ORDER SEED TRAIN_ROWS TEST_ROWS &gt; dump.tsv
 * </pre>
 *
 * Output, tab-separated: a header line {@code #order <json or natural> seqLen=.. width=.. vocab=..};
 * then {@code train} rows: the packed row's tokens as characters (pad '$') and its mask as 0/1,
 * exactly as batch k of the training stream holds them (batch 0, 1, ... concatenated); then
 * {@code test} rows: the held-out prompt and its natural-order target (what exact match compares with).
 */
public final class DumpArithmetic {
    public static void main(String[] args) throws Exception {
        String task = args[0];
        String order = args[1];
        long seed = Long.parseLong(args[2]);
        int trainRows = Integer.parseInt(args[3]);
        int testRows = Integer.parseInt(args[4]);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(JobConfig.PREFIX + ".data.task", task);
        o.put(JobConfig.PREFIX + ".data.order", order);
        o.put(JobConfig.PREFIX + ".model.objective", "ntp");
        o.put(JobConfig.PREFIX + ".seed", seed);
        o.put(JobConfig.PREFIX + ".batch", 64);
        TrainingJob job = JobConfig.job(JobConfig.load(null, o));
        TargetOrder to = JobRunner.targetOrder(job);
        BatchConfig config = TrainerActor.batchConfig(job);
        Tokenizer tok = job.task().tokenizer();
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        out.println("#order\t" + (to == null ? "natural" : to.toJson()) + "\tseqLen=" + config.seqLen()
                + "\twidth=" + config.width() + "\tvocab=" + tok.vocabSize() + "\tdataSeed=" + job.dataSeed());
        ActorSystem system = ActorSystem.create("dump");
        try {
            int batches = (trainRows + config.rows() - 1) / config.rows();
            List<Batch> got = job.task().batches(job.dataSeed(), Optional.empty(), Optional.ofNullable(to), config,
                            new BadInputCounters())
                    .take(batches).runWith(Sink.seq(), Materializer.matFromSystem(system))
                    .toCompletableFuture().get(5, TimeUnit.MINUTES);
            int n = 0;
            for (Batch b : got) {
                TokenBatch tb = b.batch();
                for (int r = 0; r < tb.rows() && n < trainRows; r++, n++) {
                    StringBuilder toks = new StringBuilder();
                    StringBuilder mask = new StringBuilder();
                    int[] row = new int[tb.width()];
                    for (int j = 0; j < tb.width(); j++) {
                        row[j] = tb.token(r, j);
                        mask.append(tb.isTarget(r, j) ? '1' : '0');
                    }
                    toks.append(tok.decode(row, 0, row.length));
                    out.println("train\t" + toks + "\t" + mask);
                }
            }
        } finally {
            system.terminate();
        }
        TaskGenerator test = job.task().test(job.dataSeed());
        for (int i = 0; i < testRows; i++) {
            TaskExample e = test.example(i);
            out.println("test\t" + e.prompt() + "\t" + e.target());
        }
        out.flush();
        System.exit(0);
    }
}
