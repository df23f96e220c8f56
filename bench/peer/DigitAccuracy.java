import com.typesafe.config.ConfigFactory;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.deploy.JobConfig;
import io.ordo.model.Gpt;
import io.ordo.model.generate.Generator;
import io.ordo.model.generate.Sampling;
import io.ordo.streams.gen.TaskExample;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.tokenize.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Exact match and per-position accuracy (in the trained order) of an Ordo run's newest checkpoint on
 * the held-out split, decoded greedily as ExactMatch does: the diagnostic that
 * bench/peer/torch_arith.py prints as pos_acc, for comparing the two implementations digit by digit.
 *
 * <pre>
 * java -cp 'deploy/target/ordo.jar:deploy/target/lib/*' bench/peer/DigitAccuracy.java RUN_DIR [EXAMPLES]
 * </pre>
 */
public final class DigitAccuracy {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        var config = ConfigFactory.parseFile(dir.resolve("config.conf").toFile()).withFallback(ConfigFactory.load())
                .resolve();
        TrainingJob job = JobConfig.job(config);
        Gpt model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        ModelState.Meta meta;
        try (CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), job.keepCheckpoints())) {
            Checkpoint c = store.loadLatestValid().orElseThrow();
            meta = ModelState.restore(c, model, null);
        }
        TargetOrder order = meta.order();
        Tokenizer tok = job.task().tokenizer();
        TaskGenerator test = job.task().test(job.dataSeed());
        Generator g = new Generator(model);
        int m = tok.encode(test.example(0).target()).length;
        int[] right = new int[m];
        int exact = 0;
        for (int i = 0; i < examples; i++) {
            TaskExample e = test.example(i);
            int[] target = tok.encode(e.target());
            int[] trained = order == null ? target : order.apply(target);
            int[] out = g.generate(tok.encode(e.prompt()), m, Sampling.greedy(), 0L);
            for (int j = 0; j < m; j++) {
                right[j] += out[j] == trained[j] ? 1 : 0;
            }
            exact += Arrays.equals(order == null ? out : order.invert(out), target) ? 1 : 0;
        }
        StringBuilder pos = new StringBuilder();
        for (int j = 0; j < m; j++) {
            pos.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", right[j] / (double) examples));
        }
        System.out.printf(Locale.ROOT, "ORDO run=%s step=%d order=%s exact=%.4f pos_acc=%s%n", dir, meta.step(),
                order == null ? "natural" : Arrays.toString(order.order()), exact / (double) examples, pos);
        System.exit(0);
    }
}
