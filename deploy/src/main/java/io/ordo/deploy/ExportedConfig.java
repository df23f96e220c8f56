package io.ordo.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.layer.LayerNorm;
import io.ordo.streams.tokenize.BpeTokenizer;
import io.ordo.streams.tokenize.ByteTokenizer;
import io.ordo.streams.tokenize.Tokenizer;

/**
 * The {@code config.json} written beside exported weights: the model's shape under Hugging Face
 * GPT-2 config keys where one exists, the objective and its heads, the tokenizer (and, for a task's
 * small vocabulary, every token's text), the MI target order if the run learned one, and the step.
 */
public final class ExportedConfig {
    /** Largest vocabulary spelled out token by token in {@code "vocabulary"}. */
    static final int MAX_LISTED_VOCABULARY = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportedConfig() {
    }

    /** The config of {@code run}'s model, whose weights are in file {@code weights}. */
    public static ObjectNode of(RunDirectory run, String weights) {
        ModelConfig m = run.job().model();
        Objective o = run.job().objective();
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", "ordo-gpt");
        c.put("weights", weights);
        c.put("dtype", "float32");
        c.put("vocab_size", m.vocabSize());
        c.put("n_positions", m.seqLen());
        c.put("n_embd", m.dModel());
        c.put("n_head", m.nHeads());
        c.put("n_layer", m.nLayers());
        c.put("n_inner", m.mlpHidden());
        c.put("activation_function", "gelu_new");
        c.put("layer_norm_epsilon", LayerNorm.EPS);
        c.put("tie_word_embeddings", m.tieEmbeddings());
        c.put("lm_head_bias", true);
        c.put("objective", o.toString());
        ArrayNode heads = c.putArray("heads");
        heads.add("ntp");
        if (o.kind() == Objective.Kind.TOP) {
            heads.add("top");
            c.put("top_window", o.topWindow(m.seqLen()));
            c.put("top_k", o.topK());
        }
        for (int k = 2; k <= o.mtpTokens(); k++) {
            heads.add("mtp:" + k);
        }
        c.put("mtp_tokens", o.mtpTokens());
        c.put("task", run.job().task().name());
        Tokenizer tokenizer = run.job().task().tokenizer();
        c.put("tokenizer", tokenizer.name());
        c.put("pad_token_id", tokenizer.padId());
        if (!(tokenizer instanceof BpeTokenizer) && !(tokenizer instanceof ByteTokenizer)
                && tokenizer.vocabSize() <= MAX_LISTED_VOCABULARY) {
            ArrayNode vocabulary = c.putArray("vocabulary");
            for (int id = 0; id < tokenizer.vocabSize(); id++) {
                vocabulary.add(tokenizer.decode(new int[] {id}));
            }
        }
        if (run.meta().order() != null) {
            ObjectNode order = c.putObject("target_order");
            order.put("kind", run.meta().order().kind());
            ArrayNode positions = order.putArray("order");
            for (int p : run.meta().order().order()) {
                positions.add(p);
            }
        }
        c.put("step", run.meta().step());
        return c;
    }
}
