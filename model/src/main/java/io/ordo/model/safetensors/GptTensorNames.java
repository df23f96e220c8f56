package io.ordo.model.safetensors;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names and layouts Ordo's GPT parameters take in a safetensors file, as close to the Hugging
 * Face GPT-2 checkpoint ({@code GPT2LMHeadModel}) as the architecture allows (docs/safetensors.md):
 *
 * <pre>
 * embed.tokens              transformer.wte.weight            (V, D)
 * embed.positions           transformer.wpe.weight            (T, D)
 * blocks.i.ln1.gain|bias    transformer.h.i.ln_1.weight|bias  (D)
 * blocks.i.attn.qkv.*       transformer.h.i.attn.c_attn.*     (D, 3D) (3D)  Conv1D layout (in, out)
 * blocks.i.attn.proj.*      transformer.h.i.attn.c_proj.*     (D, D)  (D)
 * blocks.i.ln2.*            transformer.h.i.ln_2.*            (D)
 * blocks.i.mlp.fc1.*        transformer.h.i.mlp.c_fc.*        (D, 4D) (4D)
 * blocks.i.mlp.fc2.*        transformer.h.i.mlp.c_proj.*      (4D, D) (D)
 * final_norm.gain|bias      transformer.ln_f.weight|bias      (D)
 * lm_head.weight            lm_head.weight                    (V, D)  nn.Linear layout (out, in); absent when tied
 * lm_head.bias              lm_head.bias                      (V)     Ordo's NTP head has a bias, GPT-2's has none
 * top_head.weight|bias      top_head.weight|bias              (V, D) (V)  TOP objective only
 * mtp.k.&lt;block&gt;            mtp_heads.k.&lt;block as in h.i&gt;      MTP-n: k = 2..n, the head predicting token t + k
 * </pre>
 *
 * Ordo stores row vectors as (1, n) and heads as (D, V); the file holds them as (n) and (V, D).
 */
public final class GptTensorNames {
    private static final Pattern BLOCK = Pattern.compile("(blocks|mtp)\\.(\\d+)\\.(.+)");
    private static final List<String[]> BLOCK_PARTS = List.of(
            new String[] {"ln1.gain", "ln_1.weight"}, new String[] {"ln1.bias", "ln_1.bias"},
            new String[] {"ln2.gain", "ln_2.weight"}, new String[] {"ln2.bias", "ln_2.bias"},
            new String[] {"attn.qkv.", "attn.c_attn."}, new String[] {"attn.proj.", "attn.c_proj."},
            new String[] {"mlp.fc1.", "mlp.c_fc."}, new String[] {"mlp.fc2.", "mlp.c_proj."});

    private GptTensorNames() {
    }

    /** The safetensors name of Ordo parameter {@code ordoName}. */
    public static String exported(String ordoName) {
        switch (ordoName) {
            case "embed.tokens":
                return "transformer.wte.weight";
            case "embed.positions":
                return "transformer.wpe.weight";
            case "final_norm.gain":
                return "transformer.ln_f.weight";
            case "final_norm.bias":
                return "transformer.ln_f.bias";
            case "lm_head.weight", "lm_head.bias", "top_head.weight", "top_head.bias":
                return ordoName;
            default:
                break;
        }
        Matcher m = BLOCK.matcher(ordoName);
        if (m.matches()) {
            String prefix = m.group(1).equals("blocks") ? "transformer.h." : "mtp_heads.";
            for (String[] part : BLOCK_PARTS) {
                if (m.group(3).startsWith(part[0])) {
                    return prefix + m.group(2) + "." + part[1] + m.group(3).substring(part[0].length());
                }
            }
        }
        throw new IllegalArgumentException("Ordo parameter " + ordoName + " has no safetensors name; "
                + "add it to GptTensorNames and docs/safetensors.md");
    }

    /** Whether the parameter is stored transposed in the file: the heads' (D, V) matrices, as (V, D). */
    public static boolean transposed(String ordoName) {
        return ordoName.equals("lm_head.weight") || ordoName.equals("top_head.weight");
    }

    /**
     * The file shape of a (rows, cols) Ordo parameter: (cols) for a bias or LayerNorm gain (Ordo's
     * (1, n) row vectors), (cols, rows) when {@link #transposed}, else (rows, cols).
     */
    public static long[] shape(String ordoName, int rows, int cols) {
        if (rows == 1 && (ordoName.endsWith(".bias") || ordoName.endsWith(".gain"))) {
            return new long[] {cols};
        }
        return transposed(ordoName) ? new long[] {cols, rows} : new long[] {rows, cols};
    }
}
