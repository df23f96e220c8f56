package io.ordo.deploy.experiment;

import io.ordo.actors.report.EvalResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves side by side ({@code curves.png} of an experiment, or {@code ordo curves}), one
 * line per arm or label (mean over seeds at each evaluated point): exact-match accuracy in % or
 * held-out perplexity, and held-out NTP loss (nats per target token, comparable across
 * objectives), against the optimizer step or the training samples seen.
 */
public final class CurvePlot {
    private CurvePlot() {
    }

    /** Writes the experiment's PNG to {@code file} (headless AWT), by step; {@code title} heads both charts. */
    public static void write(List<ArmResult> results, String title, Path file) throws IOException {
        write(results.stream().map(r -> new Curve(r.arm(), 0, r.curve())).toList(), title, CurveAxis.STEPS, file);
    }

    /** Writes the curves' PNG to {@code file} against {@code x}, one line per label (mean over its curves). */
    public static void write(List<Curve> curves, String title, CurveAxis x, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        boolean text = curves.get(0).evals().get(0).isText();
        String y = text ? "held-out perplexity" : "exact match (%)";
        String head = title.isBlank() ? "" : title + ": ";
        XYChart metric = chart(head + y, x, y);
        XYChart loss = chart(head + "held-out NTP loss", x, "held-out NTP loss (nats/token)");
        for (Map.Entry<String, List<Curve>> label : byLabel(curves).entrySet()) {
            TreeMap<Double, double[]> m = meanByX(label.getValue(), x, text);
            List<Double> xs = new ArrayList<>(m.keySet());
            List<Double> ys = m.values().stream().map(v -> v[0]).toList();
            List<Double> ntp = m.values().stream().map(v -> v[1]).toList();
            metric.addSeries(label.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            loss.addSeries(label.getKey(), xs, ntp).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(List.of(metric, loss), 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, CurveAxis x, String y) {
        XYChart c = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle(x.title()).yAxisTitle(y)
                .build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setMarkerSize(5);
        return c;
    }

    private static Map<String, List<Curve>> byLabel(List<Curve> curves) {
        Map<String, List<Curve>> m = new LinkedHashMap<>();
        curves.forEach(c -> m.computeIfAbsent(c.label(), k -> new ArrayList<>()).add(c));
        return m;
    }

    /** x -> {mean metric (accuracy in % or perplexity), mean held-out NTP loss} over the curves that evaluated it. */
    private static TreeMap<Double, double[]> meanByX(List<Curve> curves, CurveAxis x, boolean text) {
        TreeMap<Double, double[]> sum = new TreeMap<>();
        for (Curve c : curves) {
            for (EvalResult e : c.evals()) {
                double[] s = sum.computeIfAbsent(x.of(e, c.batch()), k -> new double[3]);
                s[0] += text ? e.perplexity() : 100 * e.accuracy();
                s[1] += e.ntp();
                s[2]++;
            }
        }
        sum.values().forEach(s -> {
            s[0] /= s[2];
            s[1] /= s[2];
        });
        return sum;
    }
}
