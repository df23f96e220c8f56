package io.ordo.streams.tokenize;

/**
 * Star-graph tokenizer: one token per node label 0..N-1 (id = label), then {@code | = / $} as
 * ids N..N+3, V = N + 4. Commas are separators only and produce no token; decoding re-inserts
 * them between adjacent node labels, so {@code decode(encode(s)) == s} for star-graph samples.
 * {@code $} pads.
 */
public final class StarGraphTokenizer implements Tokenizer {

    private static final String SYMBOLS = "|=/$";
    private final int nodes;

    /** @param nodes N, the number of node labels */
    public StarGraphTokenizer(int nodes) {
        if (nodes < 2) {
            throw new IllegalArgumentException("star graph needs N >= 2: " + nodes);
        }
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return "stargraph:" + nodes;
    }

    @Override
    public int vocabSize() {
        return nodes + SYMBOLS.length();
    }

    @Override
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        int n = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ',') {
                i++;
            } else if (c >= '0' && c <= '9') {
                int v = 0;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    v = v * 10 + (text.charAt(i++) - '0');
                }
                if (v >= nodes) {
                    throw new IllegalArgumentException("node " + v + " >= N=" + nodes + " in \"" + text + "\"");
                }
                out[n++] = v;
            } else {
                int s = SYMBOLS.indexOf(c);
                if (s < 0) {
                    throw new IllegalArgumentException("star graph: no token for '" + c + "' in \"" + text + "\"");
                }
                out[n++] = nodes + s;
                i++;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public String decode(int[] tokens, int offset, int length) {
        StringBuilder sb = new StringBuilder(3 * length);
        boolean prevNode = false;
        for (int i = 0; i < length; i++) {
            int t = tokens[offset + i];
            boolean node = t < nodes;
            if (node && prevNode) {
                sb.append(',');
            }
            sb.append(node ? Integer.toString(t) : String.valueOf(SYMBOLS.charAt(t - nodes)));
            prevNode = node;
        }
        return sb.toString();
    }

    @Override
    public int padId() {
        return nodes + 3;
    }
}
