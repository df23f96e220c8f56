package io.ordo.deploy.experiment;

import io.ordo.actors.report.EvalResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The results of an experiment as {@code results.csv} (one row per arm and seed, machine units:
 * accuracy in [0, 1]) and a Markdown table (accuracy in %), plus a mean-over-seeds table when there
 * is more than one seed.
 */
public final class ResultsTable {
    /** The CSV header; an experiment with an {@link ArmProbe} appends its columns. */
    public static final String CSV_HEADER = "arm,seed,metric,final,best,best_step,heldout_ntp_loss,heldout_loss,steps,"
            + "tokens,wall_s";

    private ResultsTable() {
    }

    /** {@code results.csv}: one line per arm and seed under {@link #CSV_HEADER} and the extra columns. */
    public static void writeCsv(List<ArmResult> results, Path file) throws IOException {
        StringBuilder b = new StringBuilder(CSV_HEADER);
        extraColumns(results).forEach(c -> b.append(',').append(c));
        b.append('\n');
        for (ArmResult r : results) {
            EvalResult last = r.last();
            EvalResult best = r.best();
            b.append(String.format(Locale.ROOT, "%s,%d,%s,%.6f,%.6f,%d,%.6f,%.6f,%d,%d,%.1f", r.arm(), r.seed(),
                    metricName(r), ArmResult.metric(last), ArmResult.metric(best), best.step(), last.ntp(), last.loss(),
                    r.summary().steps(), r.summary().tokens(), r.wallSeconds()));
            extraColumns(results).forEach(c -> b.append(String.format(Locale.ROOT, ",%.6f",
                    r.extras().getOrDefault(c, Double.NaN))));
            b.append('\n');
        }
        Files.writeString(file, b);
    }

    /** The Markdown tables (per arm and seed; mean over seeds when there are several). */
    public static String markdown(List<ArmResult> results) {
        boolean text = results.get(0).isText();
        String metric = text ? "held-out perplexity" : "exact match";
        List<String> extras = extraColumns(results);
        StringBuilder b = new StringBuilder();
        b.append("| arm | seed | final ").append(metric).append(" | best (step) | held-out NTP loss | steps | tokens | wall s |");
        extras.forEach(c -> b.append(' ').append(c).append(" |"));
        b.append("\n|---|---|---|---|---|---|---|---|").append("---|".repeat(extras.size())).append('\n');
        for (ArmResult r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s (%d) | %.4f | %d | %,d | %.1f |", r.arm(), r.seed(),
                    format(ArmResult.metric(r.last()), text), format(ArmResult.metric(r.best()), text), r.best().step(),
                    r.last().ntp(), r.summary().steps(), r.summary().tokens(), r.wallSeconds()));
            extras.forEach(c -> b.append(String.format(Locale.ROOT, " %.3f |", r.extras().getOrDefault(c, Double.NaN))));
            b.append('\n');
        }
        Map<String, List<ArmResult>> byArm = results.stream()
                .collect(Collectors.groupingBy(ArmResult::arm, LinkedHashMap::new, Collectors.toList()));
        if (byArm.values().stream().anyMatch(l -> l.size() > 1)) {
            b.append("\nMean over seeds:\n\n| arm | seeds | final ").append(metric)
                    .append(" | best | held-out NTP loss |\n|---|---|---|---|---|\n");
            byArm.forEach((arm, l) -> b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.4f |%n", arm, l.size(),
                    format(mean(l, r -> ArmResult.metric(r.last())), text), format(mean(l, r -> ArmResult.metric(r.best())), text),
                    mean(l, r -> r.last().ntp()))));
        }
        return b.toString();
    }

    /** The extra columns of all results, in first-seen order. */
    private static List<String> extraColumns(List<ArmResult> results) {
        return results.stream().flatMap(r -> r.extras().keySet().stream()).distinct().toList();
    }

    private static String metricName(ArmResult r) {
        return r.isText() ? "perplexity" : "accuracy";
    }

    private static String format(double metric, boolean text) {
        return text ? String.format(Locale.ROOT, "%.3f", metric) : String.format(Locale.ROOT, "%.1f%%", 100 * metric);
    }

    private static double mean(List<ArmResult> l, java.util.function.ToDoubleFunction<ArmResult> f) {
        return l.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
