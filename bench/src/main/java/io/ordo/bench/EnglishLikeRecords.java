package io.ordo.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic English-like text records for {@link LiveBench}: sentences of common English words drawn
 * from a Zipf-like (half-normal rank) distribution, with a number now and then, commas, full stops and
 * question marks, deterministic in the seed.
 */
final class EnglishLikeRecords {
    private EnglishLikeRecords() {
    }

    private static final String[] WORDS = ("the of and to in a is that for it as was with be by on not he this are or his "
            + "from at which but have an they you were her she there been one all we their has would when if so no will "
            + "more time can other about some into only new these two may first then do any like my now over such our man "
            + "me even most made after also did many before must through back years where much your way well down should "
            + "because each just those people how too little state good very make world still own see men work long get here "
            + "between both life being under never day same another know while last might us great old year off come since "
            + "against go came right used take three small large river house water system market train model window stream "
            + "number public school city night morning evening question answer history science music country government "
            + "village engine letter garden summer winter morning children family paper table story power light voice")
            .split(" ");

    /** {@code n} records of English-like sentences, each at most {@code bytes} bytes, deterministic in {@code seed}. */
    static List<byte[]> of(int n, int bytes, long seed) {
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            int target = bytes - rnd.nextInt(Math.max(1, bytes / 10));
            boolean startSentence = true;
            int wordsInSentence = 0;
            int sentenceLength = 6 + rnd.nextInt(12);
            while (true) {
                String w = WORDS[(int) Math.min(WORDS.length - 1, Math.abs(rnd.nextGaussian()) * WORDS.length / 3)];
                if (rnd.nextInt(40) == 0) {
                    w = Integer.toString(rnd.nextInt(2100));
                }
                if (startSentence) {
                    w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
                }
                String sep = sb.length() == 0 ? "" : " ";
                if (sb.length() + sep.length() + w.length() + 1 > target) {
                    break;
                }
                sb.append(sep).append(w);
                startSentence = false;
                wordsInSentence++;
                if (wordsInSentence >= sentenceLength) {
                    sb.append(rnd.nextInt(8) == 0 ? "?" : ".");
                    startSentence = true;
                    wordsInSentence = 0;
                    sentenceLength = 6 + rnd.nextInt(12);
                } else if (rnd.nextInt(9) == 0) {
                    sb.append(',');
                }
            }
            if (!startSentence) {
                sb.append('.');
            }
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
