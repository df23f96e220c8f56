package io.ordo.model;

import io.ordo.core.top.TopWindow;
import java.util.Locale;

/**
 * What the model is trained to predict, parsed from {@code ntp | top | mtp:N}.
 *
 * @param kind          NTP, TOP (NTP + ListNet on the TOP head) or MTP (NTP + extra heads)
 * @param mtpTokens     MTP-n predicts n future tokens: the NTP path plus n - 1 extra heads, each one
 *                      transformer block on the trunk output (default 1 = plain NTP)
 * @param topWindow     TOP look-ahead W in tokens; 0 means "the sequence length" (default 0)
 * @param topK          nearest distinct upcoming tokens kept per TOP row (default 32: exact to ~1e-14)
 * @param topConvention which distances count as inside the window (default INCLUSIVE, d <= W)
 */
public record Objective(Kind kind, int mtpTokens, int topWindow, int topK, TopWindow topConvention) {

    public static final int DEFAULT_TOP_K = 32;

    /** The objectives Ordo trains. */
    public enum Kind { NTP, TOP, MTP }

    public Objective {
        if (mtpTokens < 1) {
            throw new IllegalArgumentException("mtp tokens must be >= 1, got " + mtpTokens);
        }
        if (kind == Kind.MTP && mtpTokens < 2) {
            throw new IllegalArgumentException("objective mtp:N needs N >= 2, got " + mtpTokens);
        }
        if (kind != Kind.MTP && mtpTokens != 1) {
            throw new IllegalArgumentException(kind + " has no extra heads; mtpTokens must be 1");
        }
        if (topWindow < 0 || topK < 1) {
            throw new IllegalArgumentException("topWindow must be >= 0 and topK >= 1, got " + topWindow + ", " + topK);
        }
    }

    public static Objective ntp() {
        return new Objective(Kind.NTP, 1, 0, DEFAULT_TOP_K, TopWindow.INCLUSIVE);
    }

    public static Objective top(int window) {
        return new Objective(Kind.TOP, 1, window, DEFAULT_TOP_K, TopWindow.INCLUSIVE);
    }

    public static Objective mtp(int tokens) {
        return new Objective(Kind.MTP, tokens, 0, DEFAULT_TOP_K, TopWindow.INCLUSIVE);
    }

    /** Parses {@code ntp}, {@code top} or {@code mtp:N} (case-insensitive). */
    public static Objective parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("ntp")) {
            return ntp();
        }
        if (s.equals("top")) {
            return top(0);
        }
        if (s.startsWith("mtp:")) {
            try {
                return mtp(Integer.parseInt(s.substring(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("objective '" + spec + "': N in mtp:N must be an integer >= 2");
            }
        }
        throw new IllegalArgumentException("unknown objective '" + spec + "'; allowed: ntp, top, mtp:N (N >= 2)");
    }

    /** TOP window in tokens for sequences of {@code seqLen} inputs. */
    public int topWindow(int seqLen) {
        return topWindow == 0 ? seqLen : topWindow;
    }

    /** Tokens a batch row needs after its inputs: 1 for NTP, n for MTP-n, W for TOP. */
    public int lookahead(int seqLen) {
        return switch (kind) {
            case NTP -> 1;
            case TOP -> Math.max(1, topWindow(seqLen));
            case MTP -> mtpTokens;
        };
    }

    public Objective withTopWindow(int window) {
        return new Objective(kind, mtpTokens, window, topK, topConvention);
    }

    public Objective withTopK(int k) {
        return new Objective(kind, mtpTokens, topWindow, k, topConvention);
    }

    public Objective withTopConvention(TopWindow convention) {
        return new Objective(kind, mtpTokens, topWindow, topK, convention);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NTP -> "ntp";
            case TOP -> "top";
            case MTP -> "mtp:" + mtpTokens;
        };
    }
}
