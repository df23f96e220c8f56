package io.ordo.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link LiveBench}'s rates over the repeats, keyed "SOURCE raw records" (lane reads alone),
 * "SOURCE OBJECTIVE TOKENIZER" (reads into batches) and "OBJECTIVE TOKENIZER" (the trainer), printed
 * as one markdown table of min–max ranges, with the source / trainer ratio range.
 */
final class LiveResults {
    private final Map<String, List<Double>> tokenRates = new LinkedHashMap<>();
    private final Map<String, List<Double>> recordRates = new LinkedHashMap<>();
    private final Map<String, List<Double>> firsts = new LinkedHashMap<>();
    private final Map<String, List<Double>> trainer = new LinkedHashMap<>();

    /** One lane-read-only repeat of a source: records/s. */
    void addRaw(String source, double recordsPerSecond) {
        add(recordRates, source + " raw records", recordsPerSecond);
    }

    /** One read into batches of {@code key} (SOURCE OBJECTIVE TOKENIZER). */
    void addRead(String key, double tokensPerSecond, double recordsPerSecond, double firstSeconds) {
        add(tokenRates, key, tokensPerSecond);
        add(recordRates, key, recordsPerSecond);
        add(firsts, key, firstSeconds);
    }

    /** One trainer timing of {@code c}: tokens/s. */
    void addTrainer(LiveCase c, double tokensPerSecond) {
        add(trainer, c.toString(), tokensPerSecond);
    }

    private static void add(Map<String, List<Double>> to, String key, double value) {
        to.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** The table: lane-read-only rows first, then one row per source and case. */
    void printTable() {
        System.out.println("| source | tokenizer | objective | batches: tokens/s | records/s | first batch after (s) "
                + "| one trainer: tokens/s | source / trainer |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String key : recordRates.keySet()) {
            if (key.endsWith(" raw records")) {
                System.out.printf(Locale.ROOT, "| %s | - | lane read only (records, UTF-8 check) | - | %s | - | - | - |%n",
                        key.split(" ")[0], MinMax.range(recordRates.get(key), "%,.0f"));
            }
        }
        for (String key : tokenRates.keySet()) {
            String[] f = key.split(" ");
            LiveCase c = new LiveCase(f[1], f[2]);
            List<Double> v = tokenRates.get(key);
            List<Double> t = trainer.getOrDefault(c.toString(), List.of());
            String ratio = t.isEmpty() ? "n/a" : String.format(Locale.ROOT, "**%.0fx**–**%.0fx**",
                    MinMax.min(v) / MinMax.max(t), MinMax.max(v) / MinMax.min(t));
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", f[0], c.tokenizer(),
                    c.objective(), MinMax.range(v, "%,.0f"), MinMax.range(recordRates.get(key), "%,.0f"),
                    MinMax.range(firsts.get(key), "%.2f"), t.isEmpty() ? "n/a" : MinMax.range(t, "%,.0f"), ratio);
        }
    }
}
